namespace VoiceProxy.Core.Callbacks;

/// <summary>
/// One callback to the marketplace backend, in the Standard Webhooks shape: a type, when it
/// happened, and the data. The delivery id travels in the webhook-id header.
/// </summary>
public sealed record CallbackMessage(string Type, DateTimeOffset Timestamp, CallbackData Data);

/// <summary>What a callback says: always the conversation; the call or the text it is about, if any.</summary>
public sealed record CallbackData(CallbackConversation Conversation, CallbackCall? Call = null, CallbackText? Sms = null);

/// <param name="Reference">The backend's own reference, given on creation.</param>
/// <param name="Status">The conversation's status when the callback was queued.</param>
public sealed record CallbackConversation(
    Guid Id, string? Reference, string Status, CallbackParticipant UserA, CallbackParticipant UserB,
    DateTimeOffset ExpiresAt);

/// <param name="Number">Masked (+44 •••• ••••56) unless the operator chose to include real numbers.</param>
/// <param name="VirtualNumber">The number that stands in for this participant: ours, not theirs.</param>
public sealed record CallbackParticipant(string Number, string VirtualNumber);

/// <param name="Caller">userA or userB: who dialled.</param>
/// <param name="Outcome">On call.completed: answered, busy, no-answer, failed or cancelled.</param>
public sealed record CallbackCall(string Uuid, string Caller, string Status, string? Outcome, int? DurationSeconds);

/// <param name="To">userA or userB.</param>
/// <param name="Reason">Why it failed or was not delivered.</param>
public sealed record CallbackText(string To, string? MessageId, string? Reason);
