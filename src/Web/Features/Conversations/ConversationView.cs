using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Features.Conversations;

/// <param name="TextStatus">The set-up text: pending (it goes out just after the 201), sending, sent or
/// failed; then, when the carrier's receipt comes, delivered or undelivered.</param>
public sealed record ParticipantView(string Number, string VirtualNumber, string Country, string TextStatus);

/// <summary>A conversation as the REST API shows it.</summary>
/// <param name="Reference">The backend's own reference, as given on creation.</param>
/// <param name="CallbackUrl">Where its callbacks go, when it named its own.</param>
public sealed record ConversationView(
    Guid Id,
    string Status,
    ParticipantView UserA,
    ParticipantView UserB,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt,
    string? Reference = null,
    string? CallbackUrl = null,
    string Mode = "voice")
{
    public static ConversationView Of(Conversation c, DateTimeOffset now) =>
        new(c.Id, c.StatusAt(now).ToString().ToLowerInvariant(), Of(c.A, c.TextToA), Of(c.B, c.TextToB),
            c.CreatedAt, c.ExpiresAt, c.ClosedAt, c.Reference, c.CallbackUrl?.OriginalString,
            Core.Conversations.Mode.Name(c.Channels));

    static ParticipantView Of(Participant p, TextOutcome text) =>
        new(p.Number.E164, p.VirtualNumber.E164, p.Number.Country, text.ToString().ToLowerInvariant());
}
