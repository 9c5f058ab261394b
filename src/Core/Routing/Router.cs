using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>route(call, the route found for it, now) → the NCCO that connects, or why not.</summary>
public static class Router
{
    public static Either<RouteError, Ncco> Route(
        InboundCall call, Option<Route> found, DateTimeOffset now, CallSettings settings) =>
        from route in found.ToEither<RouteError>(new RouteError.NoConversation(call.To))
        from leg in route.LegOf(call.From, call.To)
            .ToEither<RouteError>(new RouteError.CallerNotParticipant(route.ConversationId, call.To))
        from live in Live(route, now)
        from voice in live.Channels.HasFlag(Conversations.Channels.Voice)
            ? Right<RouteError, Route>(live)
            : new RouteError.VoiceNotEnabled(live.ConversationId, live.Language)
        select Connect(live, leg, now, settings);

    /// <summary>
    /// The answer to a call that is not routed: never the number of a participant. Someone in no
    /// conversation on this number may be put through to the out-of-session line, shown the
    /// number they dialed. A participant is told in their conversation's language; anyone else in
    /// the default one, which says nothing of any conversation.
    /// </summary>
    public static Ncco Refusal(RouteError error, CallSettings settings) => error switch
    {
        RouteError.ConversationEnded e => Tell(settings.PromptsIn(e.Language), p => p.Ended),
        RouteError.VoiceNotEnabled v => Tell(settings.PromptsIn(v.Language), p => p.MessagesOnly),
        RouteError.Undecided => Ncco.Say(settings.Prompts.TemporarilyUnavailable),
        RouteError.NoConversation n => OutOfSession(n.Dialed, settings),
        RouteError.CallerNotParticipant n => OutOfSession(n.Dialed, settings),
        _ => Ncco.Say(settings.Prompts.NotInService),
    };

    /// <summary>
    /// What the caller hears after an event of our own connect: the "not available" message when it
    /// failed (busy, unanswered, rejected and the like), nothing otherwise.
    /// </summary>
    public static Option<Ncco> AfterConnect(Conversations.CallStatus status, Prompts prompts) =>
        status.NeedsFallback ? prompts.Say(prompts.Unavailable) : None;

    // The answer webhook's hot path: no LINQ "let" here, which would cost an allocation per call.
    static Ncco Connect(Route live, Leg leg, DateTimeOffset now, CallSettings settings)
    {
        var prompts = settings.PromptsIn(live.Language);
        return Ncco.Connect(prompts.Connecting, leg.ShownAs, leg.Destination,
            new ConnectOptions(live.LimitSecondsAt(now), settings.ConnectTimeoutSeconds,
                Some(settings.EventUrlFor(live.ConversationId, live.Language))), prompts.Language);
    }

    static Ncco Tell(Prompts prompts, Func<Prompts, string> text) => prompts.Say(text(prompts));

    static Ncco OutOfSession(PhoneNumber dialed, CallSettings settings) =>
        settings.OutOfSessionForwardTo.Match(
            Some: line => Ncco.Connect(settings.Prompts.Connecting, dialed, line, ConnectOptions.None with
            {
                Timeout = settings.ConnectTimeoutSeconds,
            }),
            None: () => Ncco.Say(settings.Prompts.OutOfSession));

    // Ended is checked after the caller is known to be a participant: an outsider must not
    // learn from the answer that a conversation existed on this number.
    static Either<RouteError, Route> Live(Route r, DateTimeOffset now) =>
        r.IsLiveAt(now) ? r : new RouteError.ConversationEnded(r.ConversationId, r.Language);
}
