using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>What the backend says to do with a caller who is in no conversation on the number they dialed.</summary>
public abstract record OutOfSessionAnswer
{
    private OutOfSessionAnswer() { }

    /// <summary>Refuse, saying <paramref name="Message"/> (or the configured prompt).</summary>
    public sealed record Refuse(string? Message) : OutOfSessionAnswer;

    /// <summary>Put them through to <paramref name="To"/>, shown the number they dialed.</summary>
    public sealed record Forward(PhoneNumber To) : OutOfSessionAnswer;
}

/// <summary>
/// The out-of-session callback's rules: which refusals ask the backend (a caller who is no
/// participant, never one whose conversation ended), how its answer is read, and the NCCO it
/// becomes. Anything unreadable is no answer: the configured static behaviour applies.
/// </summary>
public static class OutOfSession
{
    public const int MaxMessageLength = 500;

    public static bool AsksBackend(RouteError error) => error is RouteError.NoConversation or RouteError.CallerNotParticipant;

    /// <param name="action">refuse or forward.</param>
    public static Option<OutOfSessionAnswer> Read(string? action, string? message, string? number, string region) =>
        action switch
        {
            "refuse" when message is null => Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(null)),
            // The backend's words are spoken to a stranger: never a phone number, and bounded.
            "refuse" when message.Length <= MaxMessageLength && PhoneNumber.DigitsOf(message).Length < 7 =>
                Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(message)),
            "refuse" => Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(null)),
            "forward" => PhoneNumber.Parse(number, region).ToOption().Map(n => (OutOfSessionAnswer)new OutOfSessionAnswer.Forward(n)),
            _ => None,
        };

    public static Ncco Answer(OutOfSessionAnswer answer, PhoneNumber dialed, CallSettings settings) =>
        answer switch
        {
            OutOfSessionAnswer.Forward f => Ncco.Connect(settings.Prompts.Connecting, dialed, f.To,
                ConnectOptions.None with { Timeout = settings.ConnectTimeoutSeconds }),
            OutOfSessionAnswer.Refuse r => Ncco.Say(r.Message ?? settings.Prompts.OutOfSession),
            _ => Ncco.Say(settings.Prompts.OutOfSession),
        };
}
