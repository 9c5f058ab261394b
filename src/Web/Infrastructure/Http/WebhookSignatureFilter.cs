using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// When Vonage:SignatureSecret is set, a webhook request that is not validly signed gets 401
/// and no NCCO. The log line says why, and holds no phone number.
/// </summary>
public sealed class WebhookSignatureFilter(WebhookSignature signature, ILogger<WebhookSignatureFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!signature.IsRequired) return await next(context);
        var http = context.HttpContext;
        var verdict = await signature.Verify(http.Request, http.RequestAborted);
        return await verdict.MatchAsync(
            RightAsync: async _ => await next(context),
            Left: reason =>
            {
                log.WebhookSignatureRefused(http.Request.Path, reason);
                return (object?)TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                    title: "The webhook's Vonage signature is missing or invalid.");
            });
    }
}
