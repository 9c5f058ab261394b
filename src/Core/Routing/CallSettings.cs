using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Routing;

/// <summary>
/// What routing needs besides the call and the conversation: the texts, how long to ring, where
/// a connect's events go (an absolute URL; the conversation id is added to it), and the
/// out-of-session line, if any.
/// </summary>
public sealed record CallSettings(
    Prompts Prompts, int ConnectTimeoutSeconds, string EventUrl, Option<PhoneNumber> OutOfSessionForwardTo)
{
    public string EventUrlFor(Guid conversation) =>
        $"{EventUrl}{(EventUrl.Contains('?') ? '&' : '?')}conversation={conversation}";
}
