namespace VoiceProxy.Core.Callbacks;

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>
/// One callback on its way to the backend: the exact payload that is signed and sent, and where
/// its delivery stands.
/// </summary>
/// <param name="Id">The Standard Webhooks message id (webhook-id): the same on every attempt
/// and redelivery, so the receiver can deduplicate by it.</param>
/// <param name="Sequence">The event's version in its conversation's stream: the order the
/// backend hears a conversation's callbacks in.</param>
/// <param name="PendingSince">When this round of attempts began (queued or redelivered): the
/// retry window counts from here.</param>
/// <param name="LastResult">What the last attempt got: an HTTP status, or why there was none.</param>
public sealed record CallbackDelivery(
    string Id,
    Guid ConversationId,
    long Sequence,
    string Type,
    Uri Url,
    string Payload,
    DeliveryState State,
    int Attempts,
    DateTimeOffset PendingSince,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt = null,
    string? LastResult = null);

/// <summary>How long and how often a callback is retried: exponential backoff with jitter, capped.</summary>
public sealed record RetryPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan GiveUpAfter);
