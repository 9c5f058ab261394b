using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary><c>VoiceProxy:RateLimits:*</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "VoiceProxy:RateLimits";

    /// <summary>REST requests a second per API key (per client address without keys); 0 = no limit.</summary>
    [Range(0, 100_000, ErrorMessage = "VoiceProxy:RateLimits:ApiPerSecond must be between 0 and 100000.")]
    public int ApiPerSecond { get; set; } = 30;

    /// <summary>How many REST requests may come at once above the rate (a token bucket's size).</summary>
    [Range(1, 100_000, ErrorMessage = "VoiceProxy:RateLimits:ApiBurst must be between 1 and 100000.")]
    public int ApiBurst { get; set; } = 60;

    /// <summary>
    /// Webhook requests a second per client address; 0 (the default) = no limit: a refused
    /// answer webhook is a dropped call, so only an operator who has measured sets this.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "VoiceProxy:RateLimits:WebhooksPerSecond must be between 0 and 1000000.")]
    public int WebhooksPerSecond { get; set; }
}

/// <summary>
/// ASP.NET's rate limiter: a token bucket per API key on the REST API (a leaked key cannot buy
/// a thousand Number Insight lookups and SMS a second), and a separate, off-by-default one on
/// the webhooks. Over the limit: 429 ProblemDetails with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Api = "api";
    public const string Webhooks = "webhooks";

    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.AddPolicy(Api, http => l.ApiPerSecond == 0
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => Bucket(l.ApiPerSecond, l.ApiBurst)));
            o.AddPolicy(Webhooks, http => l.WebhooksPerSecond == 0
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetTokenBucketLimiter(Address(http), _ => Bucket(l.WebhooksPerSecond, l.WebhooksPerSecond)));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new()
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = $"Try again in {seconds} s." },
                });
            };
        });
    }

    static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(burst, 1),
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    // The authenticated key's name ("api-key-0"), never the key; without keys, the client address.
    static string Caller(HttpContext http) => http.User.Identity?.IsAuthenticated == true
        ? http.User.Identity.Name ?? "key"
        : Address(http);

    static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
