using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>
/// The set-up texts (docs/architecture.md, invariant 10): delivered after the commit, at least
/// once, never twice to a participant; each has exactly one recorded outcome; an ended
/// conversation is not texted; no text carries a real number.
/// </summary>
public class SetupTextProperties
{
    const string Template = Notification.DefaultTemplate;

    /// <summary>How far one delivery attempt got before the process died.</summary>
    public enum Reached { Nothing, Claimed, Sent, Recorded }

    /// <summary>
    /// One delivery attempt as <c>TextDelivery</c> makes it, cut short at <paramref name="reached"/>:
    /// claim, send (the provider keeps what it accepted, by reference), record.
    /// </summary>
    internal static (Conversation State, Map<string, int> Sent) Deliver(
        (Conversation State, Map<string, int> Sent) world, Reached reached, bool providerCanTell, DateTimeOffset now)
    {
        var (c, sent) = world;
        var plan = Notification.Plan(c, Template, now);
        if (reached == Reached.Nothing) return world;
        c = Some.Apply(c, plan.Record + plan.Send.Map(n => (ConversationCommand)new ClaimText(n.Recipient, now, n.Round)));
        if (reached == Reached.Claimed) return (c, sent);
        sent = plan.Send.Fold(sent, (s, n) => s.AddOrUpdate(n.Reference, k => k + 1, 1));
        if (reached == Reached.Sent) return (c, sent);
        var settled = plan.Interrupted.Map(n => Notification.AfterInterruption(n,
            !providerCanTell ? new TextLookup.Unknown()
            : sent.ContainsKey(n.Reference) ? new TextLookup.Sent(n.Reference) : new TextLookup.NotSent(), c.IsLiveAt(now), now));
        var resent = settled.Lefts();
        sent = resent.Fold(sent, (s, n) => s.AddOrUpdate(n.Reference, k => k + 1, 1));
        var outcomes = settled.Rights() + (plan.Send + resent).Map(n =>
            (ConversationCommand)new RecordNotified(n.Recipient, n.Reference, now, n.Round));
        return (Some.Apply(c, outcomes), sent);
    }

    [Property]
    public Property Any_sequence_of_crashes_then_one_full_delivery_settles_each_participant_once_and_never_texts_twice() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<Reached>()).ListOf().ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
            (crashes, providerCanTell) =>
            {
                var now = Some.Epoch.AddSeconds(1);
                var world = (State: Some.Opened(), Sent: Map<string, int>.Empty);
                world = crashes.Append(Reached.Recorded).Aggregate(world, (w, r) => Deliver(w, r, providerCanTell, now));
                Assert.All(world.Sent.Values, count => Assert.Equal(1, count));
                foreach (var side in new[] { Side.A, Side.B })
                {
                    var reference = Notification.ReferenceOf(world.State.Id, side);
                    var outcome = world.State.TextTo(side);
                    Assert.True(outcome is TextOutcome.Sent or TextOutcome.Failed, $"{side} is {outcome}");
                    // A provider that can tell gets every text out. With one that cannot, a text in
                    // doubt is recorded as failed ("cannot say"), and one recorded as sent went out.
                    if (providerCanTell) Assert.Equal((TextOutcome.Sent, true), (outcome, world.Sent.ContainsKey(reference)));
                    else Assert.True(outcome == TextOutcome.Failed || world.Sent.ContainsKey(reference));
                }
                Assert.Empty(Notification.Plan(world.State, Template, now).Send);
            });

    static Gen<Conversation> States =>
        from close in Gen.Elements(false, true)
        from texted in Gen.Elements(Side.A, Side.B).ListOf().Select(s => s.Distinct().ToArray())
        from claimed in Gen.Elements(Side.A, Side.B).ListOf().Select(s => s.Distinct().ToArray())
        let opened = Some.Opened()
        let closed = close ? Some.Apply(opened, [new Close(Some.Epoch.AddMinutes(1))]) : opened
        select Some.Apply(closed, claimed.Select(side => (ConversationCommand)new ClaimText(side, Some.Epoch))
            .Concat(texted.Select(side => new RecordNotified(side, "earlier", Some.Epoch))));

    [Property]
    public Property A_live_conversation_sends_the_pending_texts_and_looks_up_the_interrupted_ones() =>
        Prop.ForAll(States.ToArbitrary(), c =>
        {
            var plan = Notification.Plan(c, Template, Some.Epoch.AddMinutes(2));
            Side[] With(TextOutcome o) => new[] { Side.A, Side.B }.Where(s => c.TextTo(s) == o).ToArray();
            Assert.Equal(c.Status == ConversationStatus.Active ? With(TextOutcome.Pending) : [], plan.Send.Map(n => n.Recipient));
            Assert.Equal(With(TextOutcome.Sending), plan.Interrupted.Map(n => n.Recipient));
            Assert.All(plan.Send, n => Assert.DoesNotContain(n.Recipient == Side.A ? Some.Bob.Digits : Some.Alice.Digits, n.Text));
            Assert.All(plan.Send + plan.Interrupted, n => Assert.InRange(n.Reference.Length, 1, 40));
        });

    [Property]
    public Property An_ended_conversation_is_not_texted_and_says_why_for_each_pending_participant() =>
        Prop.ForAll(States.ToArbitrary(), c =>
        {
            var afterExpiry = Notification.Plan(c, Template, c.ExpiresAt);
            Assert.Empty(afterExpiry.Send);
            var after = Some.Apply(c, afterExpiry.Record);
            Assert.All(new[] { Side.A, Side.B }, s => Assert.NotEqual(TextOutcome.Pending, after.TextTo(s)));
        });

    [Fact]
    public void An_interrupted_text_the_provider_never_had_is_not_sent_once_the_conversation_has_ended()
    {
        var text = Notification.For(Some.Opened(), Template).Head();
        Assert.True(Notification.AfterInterruption(text, new TextLookup.NotSent(), live: true, Some.Epoch).IsLeft);
        var ended = Notification.AfterInterruption(text, new TextLookup.NotSent(), live: false, Some.Epoch);
        Assert.Equal(Notification.EndedBeforeDelivery,
            Assert.IsType<RecordNotificationFailed>(ended.RightToSeq().Single()).Reason);
    }

    [Fact]
    public void A_text_is_claimed_once_and_settled_once()
    {
        var claimed = Some.Apply(Some.Opened(), [new ClaimText(Side.A, Some.Epoch)]);
        Assert.IsType<ConversationError.TextAlreadyClaimed>(
            ConversationDecider.Decide(new ClaimText(Side.A, Some.Epoch), claimed).LeftToSeq().Single());
        var texted = Some.Apply(claimed, [new RecordNotified(Side.A, "m-1", Some.Epoch)]);
        Assert.Equal(TextOutcome.Sent, texted.TextToA);
        Assert.Empty(ConversationDecider.Decide(new RecordNotified(Side.A, "m-2", Some.Epoch), texted).RightToSeq().Flatten());
        Assert.Empty(ConversationDecider.Decide(new RecordNotificationFailed(Side.A, "x", Some.Epoch), texted).RightToSeq().Flatten());
        Assert.Single(ConversationDecider.Decide(new RecordNotified(Side.B, "m-3", Some.Epoch), texted).RightToSeq().Flatten());
    }
}
