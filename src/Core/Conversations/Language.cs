using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// The language a conversation's participants are spoken to in (BCP-47). Only the languages
/// Vonage's <c>talk</c> action accepts: an NCCO carrying any other fails Vonage's own schema
/// (<c>shared/vonage/ncco-schema.json</c>, <c>definitions.languages</c>; a test holds the two equal).
/// </summary>
public static class Language
{
    public static readonly Seq<string> Supported = Seq(
        "ar", "bn-IN", "ca-ES", "cmn-CN", "cmn-TW", "cs-CZ", "cy-GB", "da-DK", "de-DE", "el-GR", "en-AU", "en-GB",
        "en-GB-WLS", "en-IN", "en-US", "en-ZA", "es-ES", "es-MX", "es-US", "eu-ES", "fi-FI", "fil-PH", "fr-CA", "fr-FR",
        "he-IL", "hi-IN", "hu-HU", "id-ID", "is-IS", "it-IT", "ja-JP", "ko-KR", "ml-IN", "nb-NO", "nl-NL", "pl-PL",
        "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sv-SE", "ta-IN", "te-IN", "th-TH", "tr-TR", "uk-UA", "vi-VN",
        "yue-CN");

    static readonly Map<string, string> ByLowerCase = toMap(Supported.Map(l => (l.ToLowerInvariant(), l)));

    /// <summary>
    /// A tag as Vonage spells it. BCP-47 tags are case-insensitive, so es-es is es-ES; the same
    /// string instance every time, so a route cache holds a reference, not a copy.
    /// </summary>
    public static Option<string> Canonical(string? tag) =>
        tag is null ? None : ByLowerCase.Find(tag.ToLowerInvariant());

    /// <summary>The request's optional <c>language</c>: none means Vonage's default voice (en-US).</summary>
    public static Validation<InputError, Option<string>> Parse(string? raw) =>
        raw is null
            ? Success<InputError, Option<string>>(None)
            : Canonical(raw).Match(
                Some: l => Success<InputError, Option<string>>(Some(l)),
                None: () => Fail<InputError, Option<string>>(new InputError("language",
                    "must be a language Vonage's talk action speaks (BCP-47), e.g. en-GB, es-ES or fr-FR")));
}
