using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// When Vonage:SignatureSecret is set, a webhook request that is not validly signed gets 401
/// and no NCCO. The log line says why, and holds no phone number. A token is spent only by a
/// request that is accepted and handled: when handling fails (a 5xx, which Vonage retries with
/// the same token), the token is given back, so the retry is not refused as a replay.
/// </summary>
public sealed class WebhookSignatureFilter(
    WebhookSignature signature, ReplayGuard replays, WebhookDeadline deadline, ILogger<WebhookSignatureFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!signature.IsRequired) return await next(context);
        var http = context.HttpContext;
        var verdict = await signature.Verify(http.Request, http.RequestAborted);
        if (verdict.Case is string refused) return Refuse(http, refused);
        var token = (SignedToken)verdict.Case!;
        if (!await replays.FirstSighting(token, deadline.Remaining, http.RequestAborted))
            return Refuse(http, "jti already seen (replay)");
        try
        {
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: >= 500 }) GiveBack(token);
            return result;
        }
        catch
        {
            GiveBack(token);
            throw;
        }
    }

    // In the background: the answer (a 503 Vonage will retry) must not wait on a database that
    // just failed it. The retry comes seconds later; GiveBack never throws.
    void GiveBack(SignedToken token) => _ = Task.Run(() => replays.GiveBack(token));

    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refuse(HttpContext http, string reason)
    {
        log.WebhookSignatureRefused(http.Request.Path, reason);
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
            title: "The webhook's Vonage signature is missing or invalid.");
    }
}
