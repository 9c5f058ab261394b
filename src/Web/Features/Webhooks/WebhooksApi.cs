using VoiceProxy.Web.Infrastructure.Http;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>What Vonage's webhooks share: no API key (Vonage cannot send ours), its signature instead.</summary>
static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app) =>
        app.MapGroup("").WithTags("Vonage webhooks")
            .AllowAnonymous().AddEndpointFilter<WebhookSignatureFilter>().ProducesProblem(401);

    /// <summary>This request's scheme and host, for eventUrls when PublicBaseUrl is unset.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
