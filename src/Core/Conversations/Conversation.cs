using LanguageExt;

namespace VoiceProxy.Core.Conversations;

public enum ConversationStatus { Active, Closed, Expired }

/// <summary>
/// The state of one conversation, folded from its events. Flat on purpose: it is also the
/// read model the event store keeps.
/// </summary>
/// <param name="CallEvents">The Vonage call events already recorded, as "uuid|status": Vonage
/// retries deliveries, and each must land on the stream once.</param>
public sealed record Conversation(
    Guid Id,
    ConversationStatus Status,
    Participant A,
    Participant B,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt,
    Set<string> CallEvents)
{
    /// <summary>
    /// The status as of <paramref name="now"/>: an active conversation past its expiry is
    /// expired at once, before any sweep records it (docs/architecture.md, invariant 8).
    /// </summary>
    public ConversationStatus StatusAt(DateTimeOffset now) =>
        Status == ConversationStatus.Active && now >= ExpiresAt
            ? ConversationStatus.Expired
            : Status;

    public bool IsLiveAt(DateTimeOffset now) => StatusAt(now) == ConversationStatus.Active;

    /// <summary>Folds one event. A conversation only starts with Opened; nothing reopens it.</summary>
    public static Conversation? Evolve(Conversation? state, ConversationEvent @event) =>
        (state, @event) switch
        {
            (null, ConversationEvent.Opened o) => new(o.ConversationId, ConversationStatus.Active,
                o.A, o.B, o.OpenedAt, o.ExpiresAt, null, LanguageExt.Set<string>.Empty),
            ({ Status: ConversationStatus.Active } s, ConversationEvent.Closed c) =>
                s with { Status = ConversationStatus.Closed, ClosedAt = c.ClosedAt },
            ({ Status: ConversationStatus.Active } s, ConversationEvent.Expired) =>
                s with { Status = ConversationStatus.Expired },
            ({ } s, ConversationEvent.CallEventRecorded r) =>
                s with { CallEvents = s.CallEvents.TryAdd(r.Call.Key) },
            _ => state,
        };

    public static Conversation? Fold(IEnumerable<ConversationEvent> events) =>
        events.Aggregate((Conversation?)null, Evolve);
}
