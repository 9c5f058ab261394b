using VoiceProxy.Web.Infrastructure.Http;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>What Vonage's webhooks share: no API key (Vonage cannot send ours), its signature instead.</summary>
static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app) =>
        app.MapGroup("").WithTags("Vonage webhooks")
            .AllowAnonymous().RequireRateLimiting(RateLimits.Webhooks)
            .AddEndpointFilter<WebhookSignatureFilter>().ProducesProblem(401);

    /// <summary>
    /// The SMS API's webhooks (receipts, inbound texts): public and rate limited like the others,
    /// but signed with <c>sig</c> (<see cref="Infrastructure.Vonage.SmsSignature"/>), not the Voice JWT.
    /// </summary>
    public static RouteGroupBuilder MapSmsWebhooks(this IEndpointRouteBuilder app) =>
        app.MapGroup("").WithTags("Vonage webhooks").AllowAnonymous().RequireRateLimiting(RateLimits.Webhooks);

    /// <summary>A POST webhook reads JSON; anything else is 415.</summary>
    public static RouteHandlerBuilder TakesJson(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilterFactory((_, next) => context =>
            context.HttpContext.Request.HasJsonContentType()
                ? next(context)
                : ValueTask.FromResult<object?>(ErrorResults.NotJson()));

    /// <summary>This request's scheme and host, for eventUrls when PublicBaseUrl is unset.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
