using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Features.Conversations;

public sealed record ParticipantView(string Number, string VirtualNumber, string Country);

/// <summary>A conversation as the REST API shows it.</summary>
public sealed record ConversationView(
    Guid Id,
    string Status,
    ParticipantView UserA,
    ParticipantView UserB,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt)
{
    public static ConversationView Of(Conversation c, DateTimeOffset now) =>
        new(c.Id, c.StatusAt(now).ToString().ToLowerInvariant(), Of(c.A), Of(c.B),
            c.CreatedAt, c.ExpiresAt, c.ClosedAt);

    static ParticipantView Of(Participant p) =>
        new(p.Number.E164, p.VirtualNumber.E164, p.Number.Country);
}
