using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Conversations;

/// <summary>GET /conversations' query string, validated: every wrong field at once.</summary>
public static class ListConversations
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static Validation<InputError, ConversationFilter> Filter(
        string? participant, string? status, int? limit, string? after, string region) =>
        (Participant(participant, region), Status(status), Limit(limit), After(after))
            .Apply((p, s, l, a) => new ConversationFilter(p, s, l, a));

    static Validation<InputError, Option<PhoneNumber>> Participant(string? raw, string region) =>
        string.IsNullOrWhiteSpace(raw)
            ? Success<InputError, Option<PhoneNumber>>(None)
            : PhoneNumber.Parse(raw, region).Match(
                Right: n => Success<InputError, Option<PhoneNumber>>(Some(n)),
                Left: why => Fail<InputError, Option<PhoneNumber>>(new InputError("participant", why)));

    static Validation<InputError, Option<ConversationStatus>> Status(string? raw) =>
        raw switch
        {
            null or "" => Success<InputError, Option<ConversationStatus>>(None),
            "active" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Active),
            "closed" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Closed),
            "expired" => Success<InputError, Option<ConversationStatus>>(ConversationStatus.Expired),
            _ => Fail<InputError, Option<ConversationStatus>>(
                new InputError("status", "must be active, closed or expired")),
        };

    static Validation<InputError, int> Limit(int? limit) =>
        (limit ?? DefaultLimit) is >= 1 and <= MaxLimit and var l
            ? Success<InputError, int>(l)
            : Fail<InputError, int>(new InputError("limit", $"must be between 1 and {MaxLimit}"));

    static Validation<InputError, Option<Guid>> After(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? Success<InputError, Option<Guid>>(None)
        : Guid.TryParse(raw, out var id) ? Success<InputError, Option<Guid>>(Some(id))
        : Fail<InputError, Option<Guid>>(new InputError("after", "must be the next cursor of a previous page"));
}
