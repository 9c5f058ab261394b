using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// What ties a conversation to the marketplace backend that asked for it: its own
/// <paramref name="Reference"/> (a ride or order id, shown back and filterable) and the
/// <paramref name="CallbackUrl"/> it hears the conversation's events at (the service-wide
/// default when none), and the <paramref name="InterceptUrl"/> asked before each of its calls and
/// relayed texts (instead of VoiceProxy:Intercept:Url).
/// </summary>
public sealed record BackendLink(string? Reference, Uri? CallbackUrl, Uri? InterceptUrl = null)
{
    public const int MaxReferenceLength = 128;
    public const int MaxUrlLength = 2048;

    public static Validation<InputError, BackendLink> Validate(string? reference, string? callbackUrl, string? interceptUrl = null) =>
        (ReferenceOf(reference), Url("callbackUrl", callbackUrl), Url("interceptUrl", interceptUrl))
            .Apply((r, u, i) => new BackendLink(r.MatchUnsafe(x => x, () => null), u.MatchUnsafe(x => x, () => null),
                i.MatchUnsafe(x => x, () => null)));

    /// <summary>A reference is shown back and logged: printable text, bounded, never blank.</summary>
    static Validation<InputError, Option<string>> ReferenceOf(string? raw) =>
        raw switch
        {
            null => Success<InputError, Option<string>>(None),
            _ when raw.Length is 0 or > MaxReferenceLength || string.IsNullOrWhiteSpace(raw) =>
                Fail<InputError, Option<string>>(new InputError("reference", $"must be 1 to {MaxReferenceLength} characters")),
            _ when raw.Any(char.IsControl) =>
                Fail<InputError, Option<string>>(new InputError("reference", "must not contain control characters")),
            _ => Success<InputError, Option<string>>(Some(raw)),
        };

    // Credentials in a URL would be stored and shown back; the signature is what proves the sender.
    static Validation<InputError, Option<Uri>> Url(string field, string? raw) =>
        raw is null ? Success<InputError, Option<Uri>>(None)
        : raw.Length <= MaxUrlLength && Uri.TryCreate(raw, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            && url.UserInfo.Length == 0 && url.Fragment.Length == 0
            ? Success<InputError, Option<Uri>>(Some(url))
            : Fail<InputError, Option<Uri>>(new InputError(field,
                "must be an absolute http(s) URL without credentials or fragment"));
}
