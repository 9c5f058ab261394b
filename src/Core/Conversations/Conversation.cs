namespace VoiceProxy.Core.Conversations;

public enum ConversationStatus { Active, Closed, Expired }

/// <summary>
/// The state of one conversation, folded from its events. Flat on purpose: it is also the
/// read model Marten stores.
/// </summary>
public sealed record Conversation(
    Guid Id,
    ConversationStatus Status,
    Participant A,
    Participant B,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>
    /// The status as of <paramref name="now"/>: an active conversation past its expiry is
    /// expired at once, before any sweep records it (invariant 8).
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
            (null, ConversationEvent.Opened o) =>
                new(o.ConversationId, ConversationStatus.Active, o.A, o.B, o.OpenedAt, o.ExpiresAt, null),
            ({ Status: ConversationStatus.Active } s, ConversationEvent.Closed c) =>
                s with { Status = ConversationStatus.Closed, ClosedAt = c.ClosedAt },
            _ => state,
        };

    public static Conversation? Fold(IEnumerable<ConversationEvent> events) =>
        events.Aggregate((Conversation?)null, Evolve);
}
