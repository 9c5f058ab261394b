using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
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

    /// <summary>
    /// Open a conversation between them and <paramref name="Counterpart"/>, in which the number they
    /// dialed stands for the counterpart, and put them through (<see cref="OutOfSession.Opening"/>).
    /// </summary>
    public sealed record Open(PhoneNumber Counterpart) : OutOfSessionAnswer;
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

    /// <summary>The same for texts: a stranger's text, never a participant's to an ended conversation.</summary>
    public static bool AsksBackend(RelayRefusal refusal) => refusal is RelayRefusal.NoConversation or RelayRefusal.NotParticipant;

    /// <param name="action">refuse, forward or open.</param>
    /// <param name="number">forward's number, or open's counterpart.</param>
    public static Option<OutOfSessionAnswer> Read(string? action, string? message, string? number, string region) =>
        action switch
        {
            "open" => PhoneNumber.Parse(number, region).ToOption().Map(n => (OutOfSessionAnswer)new OutOfSessionAnswer.Open(n)),
            "refuse" when message is null => Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(null)),
            // The backend's words are spoken to a stranger: never a phone number, and bounded.
            "refuse" when message.Length <= MaxMessageLength && PhoneNumber.DigitsOf(message).Length < 7 =>
                Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(message)),
            "refuse" => Some<OutOfSessionAnswer>(new OutOfSessionAnswer.Refuse(null)),
            "forward" => PhoneNumber.Parse(number, region).ToOption().Map(n => (OutOfSessionAnswer)new OutOfSessionAnswer.Forward(n)),
            _ => None,
        };

    /// <summary>
    /// The conversation the backend asked to open for a stranger: the number they dialed stands for
    /// the counterpart (so the call they made, and the next one, reach them), and the stranger's
    /// own stand-in is <paramref name="strangersStandIn"/>, chosen as for any new conversation. Not
    /// when the two are one person: that is no conversation.
    /// </summary>
    public static Option<ConversationCommand.Open> Opening(Guid id, PhoneNumber stranger, PhoneNumber dialed,
        PhoneNumber counterpart, PhoneNumber strangersStandIn, DateTimeOffset now, int ttlSeconds, Channels channels) =>
        stranger == counterpart
            ? None
            : Some(new ConversationCommand.Open(id, new Participant(stranger, strangersStandIn), new Participant(counterpart, dialed),
                now, now.AddSeconds(ttlSeconds), Channels: channels));

    /// <summary>A call's answer: forward, or refuse in the backend's words (an open is decided by <see cref="Opening"/>).</summary>
    public static Ncco Answer(OutOfSessionAnswer answer, PhoneNumber dialed, CallSettings settings) =>
        answer switch
        {
            OutOfSessionAnswer.Forward f => Ncco.Connect(settings.Prompts.Connecting, dialed, f.To,
                ConnectOptions.None with { Timeout = settings.ConnectTimeoutSeconds }),
            OutOfSessionAnswer.Refuse r => Ncco.Say(r.Message ?? settings.Prompts.OutOfSession),
            _ => Ncco.Say(settings.Prompts.OutOfSession),
        };
}
