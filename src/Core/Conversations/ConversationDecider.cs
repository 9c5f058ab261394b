using LanguageExt;
using static LanguageExt.Prelude;
using static VoiceProxy.Core.Conversations.ConversationCommand;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Conversations;

/// <summary>decide(command, state) → events. Pure; the shell loads, decides and appends.</summary>
public static class ConversationDecider
{
    /// <remarks>Once a conversation's personal data is erased, what is recorded after is recorded without it.</remarks>
    public static Either<ConversationError, Seq<ConversationEvent>> Decide(
        ConversationCommand command, Conversation? state) =>
        state?.ErasedAt is null ? DecideOn(command, state) : DecideOn(command, state).Map(events => events.Map(Erasure.Of));

    static Either<ConversationError, Seq<ConversationEvent>> DecideOn(
        ConversationCommand command, Conversation? state) =>
        (command, state) switch
        {
            (Open o, null) => Events(new Opened(o.ConversationId, o.A, o.B, o.Now, o.ExpiresAt,
                o.Link?.Reference, o.Link?.CallbackUrl, o.Channels, o.Language, o.Link?.InterceptUrl)),
            (Open o, _) => new ConversationError.AlreadyExists(o.ConversationId),
            (_, null) => new ConversationError.NotFound(),
            // A conversation past its expiry has already ended: closing it records the expiry.
            (Close c, { Status: ConversationStatus.Active } s) when c.Now >= s.ExpiresAt =>
                Events(new Expired(s.ExpiresAt, c.Now)),
            (Close c, { Status: ConversationStatus.Active }) => Events(new Closed(c.Now)),
            // Closing an ended conversation is a no-op, not an error: close is idempotent.
            (Close, _) => Events(),
            // Only a live conversation's expiry moves: an ended one stays ended (409).
            (ChangeExpiry x, { } s) when !s.IsLiveAt(x.Now) => new ConversationError.Ended(s.Id),
            (ChangeExpiry x, { } s) when x.ExpiresAt <= x.Now =>
                Events(new ExpiryChanged(s.ExpiresAt, x.Now, x.Now), new Expired(x.Now, x.Now)),
            (ChangeExpiry x, { } s) when x.ExpiresAt == s.ExpiresAt => Events(),
            (ChangeExpiry x, { } s) => Events(new ExpiryChanged(s.ExpiresAt, x.ExpiresAt, x.Now)),
            (ReplaceParticipant r, { } s) => ParticipantReplacement.Decide(r, s),
            (Expire x, { Status: ConversationStatus.Active } s) when x.Now >= s.ExpiresAt =>
                Events(new Expired(s.ExpiresAt, x.Now)),
            (Expire, _) => Events(),
            // A text asked for again is a new round; while the last is still on its way, asking again would text twice.
            // Under a key already granted, the request was: the same again changes nothing, another is refused.
            (RequestText { Key: { } key } r, { } s) when s.TextRequestedUnder(key) is { } first =>
                first == r.Side ? Events() : new ConversationError.KeyReused(key),
            (RequestText r, { } s) when !s.IsLiveAt(r.Now) => new ConversationError.Ended(s.Id),
            (RequestText r, { } s) when !Conversation.IsSettled(s.TextTo(r.Side)) => new ConversationError.TextOnItsWay(r.Side),
            (RequestText r, _) => Events(new TextRequested(r.Side, r.Now, r.Key)),
            // A participant's text is claimed once and has one outcome (invariant 10).
            // A text waiting to be sent again is not claimed before its time.
            (ClaimText t, { } s) when s.TextTo(t.Side) == TextOutcome.Pending && s.TextWaitFor(t.Side) is { } w && w.Due > t.Now =>
                new ConversationError.TextNotDue(t.Side, w.Due),
            (ClaimText t, { } s) when s.TextTo(t.Side) == TextOutcome.Pending && t.Round == s.TextRound(t.Side) =>
                Events(new TextSending(t.Side, Notification.ReferenceOf(s.Id, t.Side, s.TextRound(t.Side)), t.Now)),
            // Refused, not ignored: the claim is what lets a delivery know the text is its to send.
            (ClaimText t, _) => new ConversationError.TextAlreadyClaimed(t.Side),
            (RecordNotified n, { } s) when HasOutcome(s, n.Side, n.Round) => Events(),
            (RecordNotified n, _) => Events(new ParticipantNotified(n.Side, n.MessageId, n.Now)),
            (RecordNotificationFailed f, { } s) when HasOutcome(s, f.Side, f.Round) => Events(),
            (RecordNotificationFailed f, _) =>
                Events(new NotificationFailed(f.Side, f.Reason, f.Now)),
            (RecordTextNotSent n, { } s) when HasOutcome(s, n.Side, n.Round) => Events(),
            (RecordTextNotSent n, { } s) => TextRetry.After(s.TextWaitFor(n.Side), n.Now) is { } wait
                ? Events(new TextNotSent(n.Side, n.Reason, wait.Due, n.Now))
                : Events(new NotificationFailed(n.Side, TextRetry.GaveUp(n.Reason), n.Now)),
            // A receipt settles a text once; interim ones (accepted, buffered) and repeats say nothing new.
            (RecordReceipt r, { } s) when r.Round != s.TextRound(r.Side) => Events(),
            (RecordReceipt r, { } s) => TextReceipts.Decide(r.Side, r.Receipt, s.TextTo(r.Side)),
            (RecordIntercept i, { }) => Events(new CallIntercepted(i.Caller, i.Blocked, i.Reason, i.Now)),
            (RecordMessageIntercept i, { }) => Events(new MessageIntercepted(i.From, i.MessageId, i.Blocked, i.Reason, i.Now)),
            (RecordRelay r, { } s) when s.RelayedMessages.Contains(r.MessageId) => Events(),
            (RecordRelay r, _) => Events(new MessageRelayed(r.From, r.MessageId, r.Text, r.Now)),
            // Vonage retries deliveries: a leg's status is recorded once.
            (RecordCall r, { } s) when s.CallEvents.Contains(r.Call.Key) => Events(),
            // Calls are recorded whatever the status: a call may end after its conversation.
            (RecordCall r, _) => Events(new CallEventRecorded(r.Call)),
            // Erased once; a live conversation's numbers are what connects its calls.
            (ErasePersonalData, { ErasedAt: not null }) => Events(),
            (ErasePersonalData x, { } s) when s.IsLiveAt(x.Now) => new ConversationError.StillLive(s.Id),
            // Past its expiry but not yet recorded so (the sweep's): recorded now, which frees its routes.
            (ErasePersonalData x, { Status: ConversationStatus.Active } s) =>
                Events(new Expired(s.ExpiresAt, x.Now), new PersonalDataErased(x.Now)),
            (ErasePersonalData x, _) => Events(new PersonalDataErased(x.Now)),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };

    // A text of an earlier round (the participant since replaced) has nothing left to settle here.
    static bool HasOutcome(Conversation c, Side side, int round) =>
        round != c.TextRound(side) || Conversation.IsSettled(c.TextTo(side));

    static Either<ConversationError, Seq<ConversationEvent>> Events(params ConversationEvent[] events) =>
        Right(toSeq(events));
}
