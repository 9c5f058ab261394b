using JasperFx;
using Microsoft.AspNetCore.Diagnostics;

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
            _ => (0, ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = Detail(exception) },
        });
    }

    // Binding messages name the parameter and the problem, never the submitted values.
    static string? Detail(Exception e) =>
        e is BadHttpRequestException ? e.Message : null;
}
