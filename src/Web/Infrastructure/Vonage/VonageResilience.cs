using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// How calls to Vonage survive its hiccups (Microsoft.Extensions.Http.Resilience): a timeout per
/// attempt, and up to two retries with jittered exponential backoff (honouring Retry-After, at
/// most 5 s) on 429, 5xx, timeouts and broken connections — for idempotent requests only. A buy or
/// an SMS is sent once: a retry could rent or text twice.
/// </summary>
public static class VonageResilience
{
    /// <summary>Marks a request as safe to send again; unmarked requests are never retried.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("voiceproxy.vonage.idempotent");

    public const int Attempts = 3;

    public static IHttpClientBuilder AddVonageResilience(this IHttpClientBuilder client)
    {
        client.AddResilienceHandler("vonage", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<VonageOptions>>().Value;
            var log = context.ServiceProvider.GetRequiredService<ILogger<VonageHttp>>();
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    IsIdempotent(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    log.VonageRetry(args.Context.GetRequestMessage()?.RequestUri?.AbsolutePath ?? "?",
                        args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        });
        return client;
    }

    static bool IsIdempotent(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(Idempotent, out var safe) && safe;
}
