using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>route(from, to, candidate conversation, now) → the NCCO that connects, or why not.</summary>
public static class Router
{
    public static Either<RouteError, Ncco> Route(
        InboundCall call, Option<Conversation> candidate, DateTimeOffset now, CallSettings settings) =>
        from conversation in candidate.ToEither<RouteError>(new RouteError.NoConversation(call.To))
        from leg in Leg(call, conversation)
        from live in Live(conversation, now)
        select Ncco.Connect(settings.Prompts.Connecting, leg.CallerId, leg.Destination,
            new ConnectOptions(LimitSeconds(live, now), settings.ConnectTimeoutSeconds,
                Some(settings.EventUrlFor(live.Id))));

    /// <summary>
    /// The answer to a call that is not routed: never the number of a participant. Someone in no
    /// conversation on this number may be put through to the out-of-session line, shown the
    /// number they dialed.
    /// </summary>
    public static Ncco Refusal(RouteError error, CallSettings settings) => error switch
    {
        RouteError.ConversationEnded => Ncco.Say(settings.Prompts.Ended),
        RouteError.NoConversation n => OutOfSession(n.Dialed, settings),
        RouteError.CallerNotParticipant n => OutOfSession(n.Dialed, settings),
        _ => Ncco.Say(settings.Prompts.NotInService),
    };

    /// <summary>The NCCO for a connect that failed: busy, unanswered, rejected and the like.</summary>
    public static Ncco Unavailable(Prompts prompts) => Ncco.Say(prompts.Unavailable);

    /// <summary>The seconds left before expiry, so a call cannot outlive its conversation.</summary>
    public static int LimitSeconds(Conversation c, DateTimeOffset now) =>
        (int)Math.Min(ConnectOptions.MaxLimitSeconds, Math.Ceiling((c.ExpiresAt - now).TotalSeconds));

    static Ncco OutOfSession(PhoneNumber dialed, CallSettings settings) =>
        settings.OutOfSessionForwardTo.Match(
            Some: line => Ncco.Connect(settings.Prompts.Connecting, dialed, line, ConnectOptions.None with
            {
                Timeout = settings.ConnectTimeoutSeconds,
            }),
            None: () => Ncco.Say(settings.Prompts.OutOfSession));

    // Ended is checked after the caller is known to be a participant: an outsider must not
    // learn from the answer that a conversation existed on this number.
    static Either<RouteError, Conversation> Live(Conversation c, DateTimeOffset now) =>
        c.IsLiveAt(now) ? c : new RouteError.ConversationEnded(c.Id);

    // A dials B's virtual number and is shown to B as A's virtual number; and the mirror image.
    static Either<RouteError, (PhoneNumber CallerId, PhoneNumber Destination)> Leg(
        InboundCall call, Conversation c) =>
        (call.From, call.To) switch
        {
            var (f, t) when f == c.A.Number && t == c.B.VirtualNumber =>
                (c.A.VirtualNumber, c.B.Number),
            var (f, t) when f == c.B.Number && t == c.A.VirtualNumber =>
                (c.B.VirtualNumber, c.A.Number),
            _ => Left<RouteError, (PhoneNumber, PhoneNumber)>(
                new RouteError.CallerNotParticipant(c.Id, call.To)),
        };
}
