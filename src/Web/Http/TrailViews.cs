using JasperFx.Events;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Http;

/// <summary>One entry of a conversation's audit trail: the stored event as it is.</summary>
public sealed record EventView(long Version, string Type, DateTimeOffset Time, object Data)
{
    public static EventView Of(IEvent e) => new(e.Version, e.EventTypeName, e.Timestamp, e.Data);
}

/// <summary>One call of the call log.</summary>
public sealed record CallView(string Uuid, string Direction, DateTimeOffset? StartedAt, DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt, int? DurationSeconds, string Status)
{
    public static CallView Of(CallRecord r) => new(r.Uuid, r.Direction,
        r.StartedAt.ToNullable(), r.AnsweredAt.ToNullable(), r.EndedAt.ToNullable(), r.DurationSeconds.ToNullable(),
        r.Status);
}

/// <summary>A page of GET /conversations.</summary>
public sealed record ConversationPageView(IReadOnlyList<ConversationView> Items, string? Next);
