using Carter;
using LanguageExt;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// Vonage's answer webhook: always 200 with an NCCO. GET is Vonage's default, POST sends JSON;
/// /proxy-call is the seed tutorial's path for the same thing.
/// </summary>
public sealed class Answer : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapWebhooks();
        foreach (var path in new[] { "/webhooks/answer", "/proxy-call" })
            hooks.MapGet(path, async ([FromQuery(Name = "from")] string? caller,
                    [FromQuery(Name = "to")] string? dialed, HttpRequest http, AnswerCall answer, WarmupMark warmup, CancellationToken ct) =>
                (await answer.Run(caller, dialed, WebhooksApi.BaseUrl(http), warmup.IsOn(http), ct)).ToResult())
                .WithName(path == "/proxy-call" ? "proxyCall" : "answerCallGet").WithSummary("Answer webhook (GET, Vonage's default)").WithDescription(WebhookDocs.AnswerDescription)
                .Produces<WebhookDocs.NccoAction[]>();

        hooks.MapPost("/webhooks/answer", async (HttpRequest request, AnswerCall answer, WarmupMark warmup, CancellationToken ct) =>
            {
                // A malformed body is a call we cannot route: the caller hears a refusal, Vonage gets 200.
                var fields = (await WebhookFields.FromBody(request, ct)).IfLeft(WebhookFields.Empty);
                return (await answer.Run(fields["from"], fields["to"], WebhooksApi.BaseUrl(request), warmup.IsOn(request), ct)).ToResult();
            })
            .WithName("answerCallPost").WithSummary("Answer webhook (POST JSON)").WithDescription(WebhookDocs.AnswerDescription)
            .Accepts<WebhookDocs.AnswerRequest>("application/json").Produces<WebhookDocs.NccoAction[]>()
            .TakesJson().ProducesProblem(415);
    }
}

/// <summary>
/// The answer webhook's work, read-only: parse → find the route → <see cref="Router"/> → NCCO.
/// Any error becomes a spoken refusal, never an HTTP error (Vonage would drop the call).
/// </summary>
public sealed class AnswerCall(
    RouteLookup routes, TimeProvider clock, IOptions<VoiceProxyOptions> options, VoiceProxyMetrics metrics,
    OutOfSessionCallback outOfSession, InterceptCallback intercept, WebhookDeadline deadline, OpenForStranger openForStranger,
    ILogger<AnswerCall> log)
{
    readonly VoiceProxyOptions settings = options.Value;

    /// <param name="baseUrl">This request's scheme and host, for eventUrls when PublicBaseUrl is unset.</param>
    /// <param name="warmUp">The warm-up's own call (<see cref="WarmupMark"/>): answered, but not counted, logged or sent to the backend.</param>
    public async Task<Ncco> Run(string? caller, string? dialed, string baseUrl, bool warmUp, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var callSettings = settings.CallSettings(baseUrl);
        var call = InboundCall.Parse(caller, dialed, settings.DefaultCountry);
        var found = await call.MatchAsync(
            RightAsync: c => Lookup(new RouteKey(c.From, c.To), ct),
            Left: e => Left<RouteError, Option<Route>>(e));
        var routed = from c in call
                     from route in found
                     from ncco in Router.Route(c, route, clock.GetUtcNow(), callSettings)
                     select ncco;
        var answer = routed.IsLeft && call.IsRight && !warmUp && outOfSession.Enabled && OutOfSession.AsksBackend(routed.LeftToSeq().Head())
            ? await AskBackend(call.RightToSeq().Head(), routed.LeftToSeq().Head(), caller, dialed, callSettings, ct)
            : routed.Match(
                Right: ncco => ncco,
                Left: error => warmUp ? Router.Refusal(error, callSettings) : Refuse(error, caller, dialed, callSettings));
        // The backend may stop a participant's call; it is asked only when configured (for the service or this conversation).
        if (routed.IsRight && !warmUp && RouteIn(found) is { } connected && intercept.EnabledFor(connected))
        {
            var from = call.RightToSeq().Head().From;
            var side = from == connected.A.Number ? Core.Conversations.Side.A : Core.Conversations.Side.B;
            var decision = await intercept.Ask(connected, side, ct);
            var prompts = callSettings.PromptsIn(connected.Language);
            if (decision.Blocked) answer = prompts.Say(prompts.Blocked);
        }
        if (warmUp) return answer;
        metrics.CallAnswered(routed.IsRight ? "connected" : "refused",
            routed.Match(Right: _ => "", Left: e => e.GetType().Name),
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return answer;
    }

    // Without allocating: this runs for every connected call.
    static Route? RouteIn(Either<RouteError, Option<Route>> found) =>
        found.Match(Right: r => r.MatchUnsafe(route => route, () => null), Left: _ => null);

    // The database gets the webhook's budget and no more: Vonage drops a call whose answer is
    // late, so past it (or on any failure) the caller hears "temporarily unavailable" instead.
    async Task<Either<RouteError, Option<Route>>> Lookup(RouteKey key, CancellationToken ct)
    {
        var cached = routes.FromMemory(key);
        if (cached.IsSome) return cached;
        try
        {
            return await Budget.Within(deadline.Remaining, token => routes.Find(key, token), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.RouteUndecided(e.GetType().Name);
            return new RouteError.Undecided();
        }
    }

    // Only for callers in no conversation on the number: a participant's call never waits on the backend.
    async Task<Ncco> AskBackend(InboundCall call, RouteError error, string? caller, string? dialed, CallSettings callSettings,
        CancellationToken ct)
    {
        var answer = await outOfSession.Ask(call.From, call.To, ct);
        if (answer.Case is OutOfSessionAnswer.Open open)
        {
            // Opened, the call is routed as any participant's; not opened (in time), the static behaviour.
            var opened = await Opened(call, open, ct);
            return opened.Bind(route => Router.Route(call, Some(route), clock.GetUtcNow(), callSettings).ToOption())
                .IfNone(() => Refuse(error, caller, dialed, callSettings));
        }
        return answer.Match(
            Some: a => OutOfSession.Answer(a, call.To, callSettings),
            None: () => Refuse(error, caller, dialed, callSettings));
    }

    async Task<Option<Route>> Opened(InboundCall call, OutOfSessionAnswer.Open open, CancellationToken ct)
    {
        try
        {
            return await Budget.Within(deadline.Remaining,
                token => openForStranger.Run(call.From, call.To, open.Counterpart, Core.Conversations.Channels.Voice, token), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.RouteUndecided(e.GetType().Name);
            return None;
        }
    }

    Ncco Refuse(RouteError error, string? caller, string? dialed, CallSettings callSettings)
    {
        if (log.IsEnabled(LogLevel.Information))
            log.RefusedCall(NumberMask.Mask(caller), NumberMask.Mask(dialed), error.GetType().Name);
        return Router.Refusal(error, callSettings);
    }
}
