using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>Given events, when a command, then events (after Chassaing and Dudycz).</summary>
public class ConversationDeciderTests
{
    static Conversation? Given(params ConversationEvent[] events) => Conversation.Fold(events);

    static ConversationEvent[] When(ConversationCommand command, Conversation? state) =>
        ConversationDecider.Decide(command, state).RightToSeq().Flatten().ToArray();

    static Opened OpenedEvent(ConversationCommand.Open o) => new(o.ConversationId, o.A, o.B, o.Now, o.ExpiresAt);

    [Fact]
    public void GivenNothing_WhenOpen_ThenOpened()
    {
        var open = Some.Open();
        Assert.Equal([OpenedEvent(open)], When(open, null));
    }

    [Fact]
    public void GivenOpened_WhenOpen_ThenAlreadyExists()
    {
        var open = Some.Open();
        var result = ConversationDecider.Decide(open, Given(OpenedEvent(open)));
        Assert.Equal(new VoiceProxy.Core.ConversationError.AlreadyExists(open.ConversationId), result.LeftToSeq().Head());
    }

    [Fact]
    public void GivenNothing_WhenClose_ThenNotFound() =>
        Assert.Equal(new VoiceProxy.Core.ConversationError.NotFound(),
            ConversationDecider.Decide(new Close(Some.Epoch), null).LeftToSeq().Head());

    [Fact]
    public void GivenOpened_WhenClose_ThenClosed()
    {
        var open = Some.Open();
        Assert.Equal([new Closed(Some.Epoch)], When(new Close(Some.Epoch), Given(OpenedEvent(open))));
    }

    [Fact]
    public void GivenClosed_WhenClose_ThenNothing()
    {
        var open = Some.Open();
        Assert.Empty(When(new Close(Some.Epoch), Given(OpenedEvent(open), new Closed(Some.Epoch))));
    }

    [Fact]
    public void GivenClosed_WhenCallRecorded_ThenRecorded()
    {
        var open = Some.Open();
        var call = new CallEvent("u", CallStatus.Completed, null, null, null, null, Some.Epoch, 42);
        Assert.Equal([new CallEventRecorded(call)],
            When(new RecordCall(call), Given(OpenedEvent(open), new Closed(Some.Epoch))));
    }

    [Fact]
    public void GivenOpened_WhenExpireBeforeItsTime_ThenNothing() =>
        Assert.Empty(When(new Expire(Some.Epoch.AddMinutes(59)), Some.Opened()));

    [Fact]
    public void GivenOpened_WhenExpireAfterItsTime_ThenExpiredAtTheExactInstant()
    {
        var opened = Some.Opened();
        Assert.Equal([new Expired(opened.ExpiresAt, Some.Epoch.AddHours(2))],
            When(new Expire(Some.Epoch.AddHours(2)), opened));
    }

    [Fact]
    public void GivenOpenedPastItsExpiry_WhenClose_ThenExpiredNotClosed()
    {
        var opened = Some.Opened();
        Assert.Equal([new Expired(opened.ExpiresAt, Some.Epoch.AddHours(3))],
            When(new Close(Some.Epoch.AddHours(3)), opened));
    }

    [Fact]
    public void GivenACallEventRecorded_WhenTheSameDeliveryComesAgain_ThenNothing()
    {
        var call = new CallEvent("leg", CallStatus.Answered, "CON", null, null, CallDirection.Inbound, Some.Epoch, null);
        var recorded = Conversation.Evolve(Some.Opened(), new CallEventRecorded(call));
        Assert.Empty(When(new RecordCall(call with { Timestamp = Some.Epoch.AddSeconds(5) }), recorded));
        Assert.Single(When(new RecordCall(call with { Status = CallStatus.Completed }), recorded));
    }

    static Gen<ConversationCommand> AnyCommand =>
        from seconds in Gen.Choose(0, 10_000)
        let now = Some.Epoch.AddSeconds(seconds)
        from command in Gen.Elements<ConversationCommand>(
            new Close(now),
            new Expire(now),
            Some.Open(),
            new RecordNotified(Side.A, "m", now),
            new RecordNotificationFailed(Side.B, "no credit", now),
            new RecordCall(new CallEvent("u", CallStatus.Answered, null, null, null, null, now, null)))
        select command;

    /// <summary>Runs commands through decide and evolve, as the store does, keeping every state.</summary>
    static List<Conversation> Run(Conversation start, IEnumerable<ConversationCommand> commands)
    {
        var states = new List<Conversation> { start };
        foreach (var command in commands)
            foreach (var e in ConversationDecider.Decide(command, states[^1]).RightToSeq().Flatten())
                states.Add(Conversation.Evolve(states[^1], e)!);
        return states;
    }

    [Property]
    public Property Close_is_idempotent() =>
        Prop.ForAll(Gen.Choose(1, 5).ToArbitrary(), times =>
        {
            var opened = Some.Opened();
            var once = Run(opened, [new Close(Some.Epoch)])[^1];
            var many = Run(opened, Enumerable.Repeat<ConversationCommand>(new Close(Some.Epoch), times))[^1];
            Assert.Equal(once, many);
        });

    [Property]
    public Property No_command_sequence_reopens_an_ended_conversation() =>
        Prop.ForAll(Gen.ListOf(AnyCommand).ToArbitrary(), commands =>
        {
            var states = Run(Some.Opened(), commands);
            var firstEnded = states.FindIndex(s => s.Status != ConversationStatus.Active);
            return firstEnded < 0 || states.Skip(firstEnded).All(s => s.Status == states[firstEnded].Status);
        });
}
