using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Features.Conversations;

/// <param name="TextStatus">The set-up text: pending (it goes out just after the 201, or waits to be
/// sent again: the provider could not take it, and the trail's text_not_sent says when), sending,
/// sent or failed; then, when the carrier's receipt comes, delivered or undelivered.</param>
/// <param name="Number">Their real number; none once the conversation's personal data is erased (so is <paramref name="Country"/>).</param>
public sealed record ParticipantView(string? Number, string VirtualNumber, string? Country, string TextStatus);

/// <summary>A conversation as the REST API shows it.</summary>
/// <param name="Reference">The backend's own reference, as given on creation.</param>
/// <param name="CallbackUrl">Where its callbacks go, when it named its own.</param>
/// <param name="Status">active, in-progress (active, someone on a call now), closed or expired.</param>
/// <param name="Mode">voice, message or voice-and-message.</param>
/// <param name="ClosedReason">closed-by-api or expired, once it has ended.</param>
/// <param name="Language">What its participants are spoken and texted to in, when given on creation.</param>
/// <param name="InterceptUrl">Its own intercept callback, when it named one.</param>
/// <param name="ErasedAt">When its personal data was erased (DELETE /conversations/{id}/personal-data,
/// or the retention period after it ended): the participants' numbers are gone from it and from its trail.</param>
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
    string Mode = "voice",
    string? ClosedReason = null,
    string? Language = null,
    string? InterceptUrl = null,
    DateTimeOffset? ErasedAt = null)
{
    public static ConversationView Of(Conversation c, DateTimeOffset now) =>
        new(c.Id, StatusOf(c, now), Of(c.A, c.TextToA), Of(c.B, c.TextToB),
            c.CreatedAt, c.ExpiresAt, c.ClosedAt, c.Reference, c.CallbackUrl?.OriginalString,
            Core.Conversations.Mode.Name(c.Channels), c.ClosedReasonAt(now), c.Language,
            c.InterceptUrl?.OriginalString, c.ErasedAt);

    // in-progress is active with someone on a call; filtering by status=active includes it.
    static string StatusOf(Conversation c, DateTimeOffset now) =>
        c.StatusAt(now) == ConversationStatus.Active && c.CallInProgress ? "in-progress" : c.StatusAt(now).ToString().ToLowerInvariant();

    static ParticipantView Of(Participant p, TextOutcome text) =>
        p.Number.IsErased
            ? new(null, p.VirtualNumber.E164, null, text.ToString().ToLowerInvariant())
            : new(p.Number.E164, p.VirtualNumber.E164, p.Number.Country, text.ToString().ToLowerInvariant());
}
