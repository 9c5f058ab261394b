using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Conversations;

/// <summary>Every state change of a conversation: the audit trail. Past tense, append-only.</summary>
public abstract record ConversationEvent
{
    private ConversationEvent() { }

    public sealed record Opened(
        Guid ConversationId,
        Participant A,
        Participant B,
        DateTimeOffset OpenedAt,
        DateTimeOffset ExpiresAt,
        string? Reference = null,
        Uri? CallbackUrl = null,
        Channels Channels = Channels.Voice,
        string? Language = null,
        Uri? InterceptUrl = null) : ConversationEvent;

    public sealed record Closed(DateTimeOffset ClosedAt) : ConversationEvent;

    /// <summary>The conversation now expires at <paramref name="To"/> instead of <paramref name="From"/>.</summary>
    public sealed record ExpiryChanged(DateTimeOffset From, DateTimeOffset To, DateTimeOffset At) : ConversationEvent;

    /// <summary>The conversation ended at <paramref name="ExpiredAt"/>; recorded at <paramref name="RecordedAt"/>.</summary>
    public sealed record Expired(DateTimeOffset ExpiredAt, DateTimeOffset RecordedAt) : ConversationEvent;

    /// <summary>
    /// <paramref name="Replaced"/> left the conversation and <paramref name="By"/> took their
    /// place (a reassigned driver). The counterpart stands in for themselves as
    /// <paramref name="CounterpartVirtualNumber"/> from now on: the same number as before unless the
    /// newcomer already dials it elsewhere (invariant 1).
    /// </summary>
    public sealed record ParticipantReplaced(
        Side Side, Participant Replaced, Participant By, PhoneNumber CounterpartVirtualNumber, DateTimeOffset At)
        : ConversationEvent;

    /// <summary>
    /// The backend asked for the participant's set-up text again (it failed, or they lost it): a
    /// new round of it, sent like the first (<see cref="Conversation.TextRound"/>). <paramref name="Key"/>:
    /// the request's Idempotency-Key, if it had one.
    /// </summary>
    public sealed record TextRequested(Side Side, DateTimeOffset At, string? Key = null) : ConversationEvent;

    /// <summary>The participant's set-up text is about to be handed to the provider under <paramref name="Reference"/>.</summary>
    public sealed record TextSending(Side Side, string Reference, DateTimeOffset At) : ConversationEvent;

    /// <summary>
    /// The provider certainly did not take the participant's set-up text (out of reach, 503,
    /// throttled): the claim is released and the text is due again at <paramref name="DueAt"/> (<see cref="TextRetry"/>).
    /// </summary>
    public sealed record TextNotSent(Side Side, string Reason, DateTimeOffset DueAt, DateTimeOffset At) : ConversationEvent;

    public sealed record ParticipantNotified(Side Side, string MessageId, DateTimeOffset At)
        : ConversationEvent;

    public sealed record NotificationFailed(Side Side, string Reason, DateTimeOffset At)
        : ConversationEvent;

    /// <summary>The carrier's delivery receipt: the set-up text reached the participant's phone.</summary>
    public sealed record TextDelivered(Side Side, string MessageId, DateTimeOffset At) : ConversationEvent;

    /// <summary>The carrier's delivery receipt: the set-up text will not arrive (expired, failed, rejected).</summary>
    public sealed record TextUndelivered(Side Side, string MessageId, string Status, string? ErrorCode, DateTimeOffset At)
        : ConversationEvent;

    /// <summary>
    /// A text from one participant was relayed to the other (Vonage's message id; the text itself
    /// only when the operator keeps texts).
    /// </summary>
    public sealed record MessageRelayed(Side From, string MessageId, string? Text, DateTimeOffset At) : ConversationEvent;

    /// <summary>The backend's intercept callback decided on a call <paramref name="Caller"/> placed.</summary>
    public sealed record CallIntercepted(Side Caller, bool Blocked, string Reason, DateTimeOffset At) : ConversationEvent;

    /// <summary>The backend's intercept callback decided on a text <paramref name="From"/> sent (Vonage's message id).</summary>
    public sealed record MessageIntercepted(Side From, string MessageId, bool Blocked, string Reason, DateTimeOffset At)
        : ConversationEvent;

    public sealed record CallEventRecorded(CallEvent Call) : ConversationEvent;

    /// <summary>
    /// The conversation's personal data was erased (<see cref="Erasure"/>): every event before this
    /// one was rewritten without it, and every event after it is recorded without it.
    /// </summary>
    public sealed record PersonalDataErased(DateTimeOffset At) : ConversationEvent;
}
