using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Routing;

/// <summary>
/// What routing needs besides the call and the conversation: the texts, how long to ring, where
/// a connect's events go (an absolute URL; the conversation id is added to it), and the
/// out-of-session line, if any.
/// </summary>
/// <param name="Prompts">The default texts: for strangers, and for conversations in a language with none configured.</param>
/// <param name="Translations">The texts per configured language, each complete (checked at start-up).</param>
public sealed record CallSettings(
    Prompts Prompts, int ConnectTimeoutSeconds, string EventUrl, Option<PhoneNumber> OutOfSessionForwardTo,
    Map<string, Prompts> Translations = default)
{
    /// <summary>
    /// What a conversation's participants hear: their language's texts, or the defaults (and the
    /// default voice) when that language has none: a voice must never read words of another language.
    /// </summary>
    public Prompts PromptsIn(string? language) =>
        language is null ? Prompts : Translations.Find(language).IfNone(Prompts);

    /// <summary>Names the conversation, and its language: a failed connect's fallback is spoken in it with no lookup.</summary>
    public string EventUrlFor(Guid conversation, string? language = null) =>
        $"{EventUrl}{(EventUrl.Contains('?') ? '&' : '?')}conversation={conversation}{(language is null ? "" : "&language=" + language)}";
}
