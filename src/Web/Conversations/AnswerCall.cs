using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Conversations;

/// <summary>
/// The answer webhook's work: read-only. Parse the call, look up its route, let the core
/// route it; any error becomes a spoken refusal, never an HTTP error (Vonage would drop the call).
/// </summary>
public sealed class AnswerCall(
    RouteLookup routes, TimeProvider clock, IOptions<VoiceProxyOptions> options, VoiceProxyMetrics metrics,
    ILogger<AnswerCall> log)
{
    readonly VoiceProxyOptions settings = options.Value;

    /// <param name="baseUrl">This request's scheme and host, for eventUrls when PublicBaseUrl is unset.</param>
    public async Task<Ncco> Run(string? caller, string? dialed, string baseUrl, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var callSettings = settings.CallSettings(baseUrl);
        var call = InboundCall.Parse(caller, dialed, settings.DefaultCountry);
        var found = await call.MatchAsync(
            RightAsync: c => routes.Find(new RouteKey(c.From, c.To), ct),
            Left: _ => Option<Route>.None);
        var routed = call.Bind(c => Router.Route(c, found, clock.GetUtcNow(), callSettings));
        var answer = routed.Match(
            Right: ncco => ncco,
            Left: error => Refuse(error, caller, dialed, callSettings));
        metrics.CallAnswered(routed.IsRight ? "connected" : "refused",
            routed.Match(Right: _ => "", Left: e => e.GetType().Name),
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return answer;
    }

    Ncco Refuse(RouteError error, string? caller, string? dialed, CallSettings callSettings)
    {
        log.LogInformation("Refused call from {Caller} to {Dialed}: {Reason}",
            NumberMask.Mask(caller), NumberMask.Mask(dialed), error.GetType().Name);
        return Router.Refusal(error, callSettings);
    }
}
