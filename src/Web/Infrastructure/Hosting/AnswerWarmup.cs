using System.Text;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Features.Sandbox;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Runs the answer path's code before the instance says it is ready: a fresh process answers its
/// first call in about 300 ms (the JIT, first connections, the replay guard's prepared insert),
/// and at thousands of calls a second every call behind it waits too (docs/benchmarks.md, "Right
/// after a restart"). It answers no real call: a made-up route through the router and the NCCO
/// writer, a self-signed token through the signature check, one random jti through the replay
/// guard, a read of a route that cannot exist, and then the answer webhook itself, over HTTP
/// through Kestrel and the whole pipeline, signed, GET and POST, a few at once, between two
/// fictional numbers (each marked by <see cref="WarmupMark"/>). So no call metric counts one, no
/// backend is asked, and no log line speaks of one; ASP.NET's own request metrics do count them.
/// </summary>
public sealed class AnswerWarmup(
    RouteCache routes, WebhookSignature signature, ReplayGuard replays, IDocumentStore store, IServer server,
    IHttpClientFactory http, IOptions<VoiceProxyOptions> options, IOptions<VonageOptions> vonage, TimeProvider clock,
    IHostApplicationLifetime lifetime, CallsFirst callsFirst, WarmupMark mark, ILogger<AnswerWarmup> log) : BackgroundService
{
    // Past the JIT's 30 calls before a method is recompiled optimised.
    const int Rounds = 60;

    // The webhook over HTTP: the pipeline's code (Kestrel, routing, the signature filter, the
    // endpoint) was still cold after the in-process rounds, and the first second after ready
    // paid for it: at 2,000 calls a second p99 110-250 ms in that second, 13-45 ms with these
    // (docs/benchmarks.md). Several at once, so more than one connection's code runs.
    const int WebhookRounds = 4 * Rounds, AtOnce = 4;

    volatile bool done;

    /// <summary>Whether the warm-up ran (or gave up); the readiness check waits for it.</summary>
    public bool Done => done;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStarted(stoppingToken);
            while (!routes.Loaded) await Task.Delay(50, stoppingToken);
            await replays.FirstSighting(new SignedToken($"warm-up-{Guid.NewGuid()}", clock.GetUtcNow()), options.Value.WebhookBudget, stoppingToken);
            await using (var session = store.QuerySession())
            {
                await session.LoadAsync<ProxyRoute>("0:0", stoppingToken);
                await session.LoadAsync<EndedRoute>("0:0", stoppingToken);
            }
            using var self = http.CreateClient();
            self.BaseAddress = SelfAddress.Of(server);
            for (var i = 0; i < Rounds; i++)
            {
                await Answer(stoppingToken);
                using var live = await self.GetAsync("/health/live", stoppingToken);
            }
            await Parallel.ForAsync(0, WebhookRounds, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = stoppingToken },
                async (i, ct) =>
                {
                    using var answered = await self.SendAsync(Webhook(post: i % 2 == 0), ct);
                });
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Cold is slow, not wrong: the instance becomes ready all the same.
            log.WarmupFailed(e.GetType().Name);
        }
        finally
        {
            done = true;
            // Not before: a backlog of texts would compete with the route load and the warm-up.
            callsFirst.Started();
        }
    }

    async Task WhenStarted(CancellationToken ct)
    {
        var started = new TaskCompletionSource();
        using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(ct);
    }

    // Vonage's answer webhook as Vonage sends it (GET by default, POST when configured), signed
    // when this instance wants it signed, between two of Ofcom's drama numbers.
    HttpRequestMessage Webhook(bool post)
    {
        const string from = "447700900101", to = "447700900104";
        HttpRequestMessage request;
        byte[] signed;
        if (post)
        {
            signed = Encoding.UTF8.GetBytes($$"""{"from":"{{from}}","to":"{{to}}"}""");
            request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/answer") { Content = new ByteArrayContent(signed) };
            request.Content.Headers.ContentType = new("application/json");
        }
        else
        {
            var query = $"?from={from}&to={to}";
            signed = WebhookSignature.QueryAsJson(query);
            request = new HttpRequestMessage(HttpMethod.Get, "/webhooks/answer" + query);
        }
        if (signature.IsRequired)
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {VonageSigner.Token(signed, vonage.Value.SignatureSecret!, clock.GetUtcNow())}");
        request.Headers.TryAddWithoutValidation(WarmupMark.Header, mark.Value);
        return request;
    }

    // The answer webhook's own steps, on a made-up call between fictional numbers.
    async Task Answer(CancellationToken ct)
    {
        var settings = options.Value.CallSettings("http://localhost");
        var (a, va, b, vb) = ("447700900101", "447700900102", "447700900103", "447700900104");
        var body = Encoding.UTF8.GetBytes($$"""{"from":"{{a}}","to":"{{vb}}"}""");
        var request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Post;
        request.ContentType = "application/json";
        request.Body = new MemoryStream(body);
        if (signature.IsRequired)
        {
            request.Headers.Authorization = $"Bearer {VonageSigner.Token(body, vonage.Value.SignatureSecret!, clock.GetUtcNow())}";
            await signature.Verify(request, ct);
        }
        var fields = (await WebhookFields.FromBody(request, ct)).IfLeft(WebhookFields.Empty);
        var call = InboundCall.Parse(fields["from"], fields["to"], options.Value.DefaultCountry);
        var route = new Route(Guid.Empty, new Participant(StoredNumber.Parse("+" + a), StoredNumber.Parse("+" + va)),
            new Participant(StoredNumber.Parse("+" + b), StoredNumber.Parse("+" + vb)), clock.GetUtcNow().AddMinutes(1), Ended: false);
        routes.TryGet(route.Keys[0], out _);
        var ncco = call.Bind(c => Router.Route(c, Some(route), clock.GetUtcNow(), settings))
            .IfLeft(e => Router.Refusal(e, settings));
        NccoJson.Serialize(ncco);
        NccoJson.Serialize(Router.Refusal(new RouteError.Undecided(), settings));
    }
}

/// <summary>Ready only once the answer path has run (<see cref="AnswerWarmup"/>).</summary>
public sealed class WarmupHealthCheck(AnswerWarmup warmup) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(warmup.Done
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("The answer path has run.")
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("Warming the answer path up."));
}
