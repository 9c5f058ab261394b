using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Routing;

/// <summary>An inbound call as the answer webhook sees it: who called, which number they dialed.</summary>
public sealed record InboundCall(PhoneNumber From, PhoneNumber To)
{
    public static Either<RouteError, InboundCall> Parse(string? caller, string? dialed, string region) =>
        from c in PhoneNumber.Parse(caller, region)
            .MapLeft(_ => (RouteError)new RouteError.UnreadableNumber("from"))
        from d in PhoneNumber.Parse(dialed, region)
            .MapLeft(_ => (RouteError)new RouteError.UnreadableNumber("to"))
        select new InboundCall(c, d);
}
