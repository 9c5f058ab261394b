using JasperFx;
using Microsoft.AspNetCore.Diagnostics;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// Exceptions with a known meaning become a ProblemDetails with the right status; anything
/// else is left to the default handler (a 500 ProblemDetails with a trace id, no stack trace).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            ConcurrencyException => (StatusCodes.Status409Conflict,
                "The conversation was changed concurrently; retry."),
            // The database is down or stalled (or did not answer within a webhook's budget): say
            // so at once, and when to try again, rather than hang or 500.
            _ when DatabaseUnavailable.IsIn(exception)
                   || (exception is OperationCanceledException && !httpContext.RequestAborted.IsCancellationRequested) =>
                (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; retry shortly."),
            _ => (0, ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = Detail(exception) },
        });
    }

    public const int RetryAfterSeconds = 5;

    // Binding messages name the parameter and the problem, never the submitted values.
    static string? Detail(Exception e) =>
        e is BadHttpRequestException ? e.Message : null;
}
