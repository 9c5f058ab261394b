using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Conversations;

/// <summary>
/// The answer webhook's work: read-only. Parse the call, look up its route, let the core
/// route it; any error becomes a spoken refusal, never an HTTP error (Vonage would drop the call).
/// </summary>
public sealed class AnswerCall(
    RouteLookup routes, TimeProvider clock, IOptions<VoiceProxyOptions> options, ILogger<AnswerCall> log)
{
    readonly VoiceProxyOptions settings = options.Value;

    public async Task<Ncco> Run(string? caller, string? dialed, CancellationToken ct)
    {
        var call = InboundCall.Parse(caller, dialed, settings.DefaultCountry);
        var candidate = await call.MatchAsync(
            RightAsync: c => routes.Find(c, ct),
            Left: _ => Option<Conversation>.None);
        var routed = call.Bind(c => Router.Route(c, candidate, clock.GetUtcNow(), settings.Prompts));
        return routed.Match(
            Right: ncco => ncco,
            Left: error => Refuse(error, caller, dialed));
    }

    Ncco Refuse(RouteError error, string? caller, string? dialed)
    {
        log.LogInformation("Refused call from {Caller} to {Dialed}: {Reason}",
            Core.Numbers.NumberMask.Mask(caller), Core.Numbers.NumberMask.Mask(dialed), error.GetType().Name);
        return Router.Refusal(error, settings.Prompts);
    }
}
