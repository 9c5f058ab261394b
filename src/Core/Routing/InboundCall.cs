using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Routing;

/// <summary>An inbound call as the answer webhook sees it: who called, which number they dialed.</summary>
public sealed record InboundCall(PhoneNumber From, PhoneNumber To)
{
    /// <summary>
    /// Vonage sends both numbers as E.164 digits, taken as they are: a number that is not even
    /// possible matches no route, so a numbering-plan parse would change no answer, only cost.
    /// Other forms (a person trying the webhook by hand) are parsed in full.
    /// </summary>
    public static Either<RouteError, InboundCall> Parse(string? caller, string? dialed, string region) =>
        from c in PhoneNumber.ParseE164(caller, region)
            .MapLeft(_ => (RouteError)new RouteError.UnreadableNumber("from"))
        from d in PhoneNumber.ParseE164(dialed, region)
            .MapLeft(_ => (RouteError)new RouteError.UnreadableNumber("to"))
        select new InboundCall(c, d);
}
