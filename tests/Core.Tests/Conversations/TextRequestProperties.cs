using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;
using Reached = VoiceProxy.Core.Tests.Conversations.SetupTextProperties.Reached;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>
/// The backend asks for a participant's set-up text again (<see cref="RequestText"/>): a new round,
/// delivered like the first. Asked while the last one is still on its way, it would text the
/// participant twice; asked of an ended conversation, it would give them a number that no longer connects.
/// </summary>
public class TextRequestProperties
{
    const string Template = Notification.DefaultTemplate;

    /// <summary>How far a participant's last set-up text got.</summary>
    public enum Stage { Pending, Sending, Waiting, Sent, Failed, Delivered, Undelivered }

    static readonly DateTimeOffset Now = Some.Epoch.AddMinutes(2);

    static Conversation At(Conversation c, Side side, Stage stage) => Some.Apply(c, stage switch
    {
        Stage.Pending => [],
        Stage.Sending => [new ClaimText(side, Some.Epoch)],
        Stage.Waiting => [new ClaimText(side, Some.Epoch), new RecordTextNotSent(side, "Vonage answered 503", Some.Epoch)],
        Stage.Sent => [new ClaimText(side, Some.Epoch), new RecordNotified(side, "m-1", Some.Epoch)],
        Stage.Failed => [new ClaimText(side, Some.Epoch), new RecordNotificationFailed(side, "Vonage answered 500.", Some.Epoch)],
        Stage.Delivered => [new ClaimText(side, Some.Epoch), new RecordNotified(side, "m-1", Some.Epoch),
            new RecordReceipt(side, new TextReceipt("m-1", "delivered", "0", Some.Epoch))],
        _ => [new ClaimText(side, Some.Epoch), new RecordNotified(side, "m-1", Some.Epoch),
            new RecordReceipt(side, new TextReceipt("m-1", "failed", "6", Some.Epoch))],
    });

    /// <summary>A conversation with each side's text at any stage, live, closed or past its expiry at <see cref="Now"/>.</summary>
    static Gen<(Conversation State, DateTimeOffset Now)> States =>
        from a in Gen.Elements(Enum.GetValues<Stage>())
        from b in Gen.Elements(Enum.GetValues<Stage>())
        from end in Gen.Elements("live", "closed", "expired")
        let texted = At(At(Some.Opened(), Side.A, a), Side.B, b)
        select end switch
        {
            "closed" => (Some.Apply(texted, new Close(Some.Epoch.AddMinutes(1))), Now),
            "expired" => (texted, texted.ExpiresAt),
            _ => (texted, Now),
        };

    [Property]
    public Property A_text_is_asked_for_again_only_of_a_live_conversation_once_the_last_one_has_an_outcome() =>
        Prop.ForAll(States.ToArbitrary(), Gen.Elements(Side.A, Side.B).ToArbitrary(), (world, side) =>
        {
            var (c, now) = world;
            var decided = ConversationDecider.Decide(new RequestText(side, now), c);
            if (!c.IsLiveAt(now))
                Assert.IsType<ConversationError.Ended>(decided.LeftToSeq().Single());
            else if (!Conversation.IsSettled(c.TextTo(side)))
                Assert.Equal(new ConversationError.TextOnItsWay(side), decided.LeftToSeq().Single());
            else
            {
                var after = decided.RightToSeq().Flatten().Fold((Conversation?)c, Conversation.Evolve)!;
                var other = Conversation.Other(side);
                Assert.Equal((TextOutcome.Pending, null, c.TextRound(side) + 1), (after.TextTo(side), after.TextWaitFor(side), after.TextRound(side)));
                Assert.Equal((c.TextTo(other), c.TextWaitFor(other), c.TextRound(other)), (after.TextTo(other), after.TextWaitFor(other), after.TextRound(other)));
                // The new round is the daemon's to send, under the next round's reference, not the last one's.
                var text = Notification.Plan(after, Template, now).Send.Single(n => n.Recipient == side);
                Assert.NotEqual(Notification.ReferenceOf(c.Id, side, c.TextRound(side)), text.Reference);
                // Nothing else moves: participants, numbers, expiry, calls.
                Assert.Equal(after with
                {
                    TextToA = c.TextToA,
                    TextToB = c.TextToB,
                    TextRoundA = c.TextRoundA,
                    TextRoundB = c.TextRoundB,
                    TextWaitA = c.TextWaitA,
                    TextWaitB = c.TextWaitB
                }, c);
            }
        });

    /// <summary>
    /// What can happen between the first delivery and the last: a delivery cut short, or a request
    /// for a text again, with or without an Idempotency-Key (few keys, so they repeat).
    /// </summary>
    public abstract record Happening
    {
        public sealed record Deliver(Reached Reached) : Happening;

        public sealed record Request(Side Side, string? Key) : Happening;
    }

    static Gen<Happening> Happenings => Gen.OneOf(
        Gen.Elements(Enum.GetValues<Reached>()).Select(r => (Happening)new Happening.Deliver(r)),
        from side in Gen.Elements(Side.A, Side.B)
        from key in Gen.Elements(null, "k1", "k2")
        select (Happening)new Happening.Request(side, key));

    [Property]
    public Property Each_request_granted_is_one_more_text_however_deliveries_crash_and_requests_repeat() =>
        Prop.ForAll(Happenings.ListOf().ToArbitrary(), happenings =>
        {
            var world = (State: Some.Opened(), Sent: Map<string, int>.Empty);
            var granted = new Dictionary<Side, int> { [Side.A] = 0, [Side.B] = 0 };
            var keys = new Dictionary<string, Side>();
            foreach (var happening in happenings.Append(new Happening.Deliver(Reached.Recorded)))
            {
                if (happening is Happening.Deliver d)
                {
                    world = SetupTextProperties.Deliver(world, d.Reached, providerCanTell: true, Now);
                    continue;
                }
                var (side, key) = (Happening.Request)happening;
                var decided = ConversationDecider.Decide(new RequestText(side, Now, key), world.State);
                var events = decided.RightToSeq().Flatten();
                // A key already granted: the same request again sends nothing; for the other participant, refused.
                if (key is not null && keys.TryGetValue(key, out var first))
                {
                    if (first == side) Assert.Empty(decided.IfLeft(e => throw new Xunit.Sdk.XunitException($"refused: {e}")));
                    else Assert.Equal(new ConversationError.KeyReused(key), decided.LeftToSeq().Single());
                }
                if (!events.IsEmpty)
                {
                    granted[side]++;
                    if (key is not null) keys[key] = side;
                }
                world.State = events.Fold((Conversation?)world.State, Conversation.Evolve)!;
            }
            // One full delivery settles whatever the last round is; every text went once, under its own reference.
            Assert.All(world.Sent.Values, count => Assert.Equal(1, count));
            foreach (var side in new[] { Side.A, Side.B })
            {
                Assert.Equal(TextOutcome.Sent, world.State.TextTo(side));
                Assert.Equal(1 + granted[side], world.Sent.Keys.Count(r => TextReceipts.Addressee(r).Map(a => a.Side == side).IfNone(false)));
            }
        });
}
