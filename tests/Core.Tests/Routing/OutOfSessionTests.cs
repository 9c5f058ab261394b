using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Routing;

public class OutOfSessionTests
{
    static readonly CallSettings Settings = new(Prompts.Default, 45, "https://proxy.example.com/webhooks/event", None);

    [Fact]
    public void Only_strangers_are_asked_about_never_a_participant_of_an_ended_conversation()
    {
        Assert.True(OutOfSession.AsksBackend(new RouteError.NoConversation(Some.BobsVirtual)));
        Assert.True(OutOfSession.AsksBackend(new RouteError.CallerNotParticipant(Guid.NewGuid(), Some.BobsVirtual)));
        Assert.False(OutOfSession.AsksBackend(new RouteError.ConversationEnded(Guid.NewGuid())));
        Assert.False(OutOfSession.AsksBackend(new RouteError.Undecided()));
    }

    [Theory]
    [InlineData("teleport", null, null)]
    [InlineData("forward", null, "not a number")]
    [InlineData(null, null, null)]
    public void An_answer_it_cannot_read_is_no_answer(string? action, string? message, string? number) =>
        Assert.True(OutOfSession.Read(action, message, number, "GB").IsNone);

    [Fact]
    public void A_forward_connects_shown_as_the_dialed_number_and_a_refusal_never_speaks_a_number()
    {
        var forward = OutOfSession.Read("forward", null, "07400 133500", "GB").Head();
        var ncco = OutOfSession.Answer(forward, Some.BobsVirtual, Settings);
        var connect = Assert.IsType<NccoAction.Connect>(ncco.Actions[1]);
        Assert.Equal((Some.BobsVirtual.Digits, "447400133500"), (connect.From, connect.Endpoint.Number));
        Assert.Equal(Ncco.Say("Moved."), OutOfSession.Answer(OutOfSession.Read("refuse", "Moved.", null, "GB").Head(), Some.BobsVirtual, Settings));
        Assert.Equal(Ncco.Say(Prompts.Default.OutOfSession),
            OutOfSession.Answer(OutOfSession.Read("refuse", "Ring 07400 133500", null, "GB").Head(), Some.BobsVirtual, Settings));
    }
}

public class OutOfSessionOpeningTests
{
    [Fact]
    public void An_opened_conversation_puts_the_stranger_through_on_the_number_they_dialed_and_back()
    {
        var stranger = Some.Number("+447400555001");
        var answer = Assert.IsType<OutOfSessionAnswer.Open>(OutOfSession.Read("open", null, "+447400123456", "GB").Head());
        var open = OutOfSession.Opening(Guid.NewGuid(), stranger, Some.BobsVirtual, answer.Counterpart, Some.AlicesVirtual,
            Some.Epoch, 600, Core.Conversations.Channels.Voice).Head();
        var route = Route.Of(Core.Conversations.Conversation.Evolve(null,
            Core.Conversations.ConversationDecider.Decide(open, null).RightToSeq().Flatten().Head())!);
        Assert.Equal(new Leg(Some.AlicesVirtual, Some.Bob), route.LegOf(stranger, Some.BobsVirtual).Head());
        Assert.Equal(new Leg(Some.BobsVirtual, stranger), route.LegOf(Some.Bob, Some.AlicesVirtual).Head());
        Assert.Equal(Some.Epoch.AddSeconds(600), route.ExpiresAt);
    }

    [Fact]
    public void Nothing_opens_between_a_stranger_and_themselves_nor_for_an_unreadable_counterpart()
    {
        Assert.True(OutOfSession.Opening(Guid.NewGuid(), Some.Bob, Some.BobsVirtual, Some.Bob, Some.AlicesVirtual, Some.Epoch, 600,
            Core.Conversations.Channels.Voice).IsNone);
        Assert.True(OutOfSession.Read("open", null, "not a number", "GB").IsNone);
        Assert.True(OutOfSession.Read("open", null, null, "GB").IsNone);
    }
}
