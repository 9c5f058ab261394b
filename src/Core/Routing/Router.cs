using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>route(from, to, candidate conversation, now) → the NCCO that connects, or why not.</summary>
public static class Router
{
    public static Either<RouteError, Ncco> Route(
        InboundCall call, Option<Conversation> candidate, DateTimeOffset now, Prompts prompts) =>
        from conversation in candidate.ToEither<RouteError>(new RouteError.NoConversation())
        from live in Live(conversation, now)
        from leg in Leg(call, live)
        select Ncco.Connect(prompts.Connecting, leg.CallerId, leg.Destination);

    /// <summary>The spoken refusal for an error: never a phone number, never a connect.</summary>
    public static Ncco Refusal(RouteError error, Prompts prompts) =>
        Ncco.Say(error is RouteError.ConversationEnded ? prompts.Ended : prompts.NotInService);

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
                new RouteError.CallerNotParticipant(c.Id)),
        };
}
