using System.Net;
using LanguageExt;
using Microsoft.Extensions.Options;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Sends one Vonage request with a timeout per attempt. Idempotent requests are retried on 429,
/// 5xx and timeouts with exponential backoff (honouring a short Retry-After); others — a buy, an
/// SMS — are sent once, since a retry could rent or text twice.
/// </summary>
public sealed class VonageHttp(
    HttpClient http, IOptions<VonageOptions> options, ILogger<VonageHttp> log, Hosting.VoiceProxyMetrics? metrics = null)
{
    const int Attempts = 3;

    /// <summary>Sends, then reads the answer with <paramref name="read"/> (the response is disposed after).</summary>
    public async Task<Either<VonageFailure, T>> Send<T>(string operation, Func<HttpRequestMessage> request,
        bool idempotent, Func<HttpResponseMessage, Task<Either<VonageFailure, T>>> read, CancellationToken ct)
    {
        var outcome = await SendAndRead(operation, request, idempotent, read, ct);
        metrics?.VonageCall(operation, outcome.Match(Right: _ => "ok", Left: f => f.GetType().Name));
        return outcome;
    }

    async Task<Either<VonageFailure, T>> SendAndRead<T>(string operation, Func<HttpRequestMessage> request,
        bool idempotent, Func<HttpResponseMessage, Task<Either<VonageFailure, T>>> read, CancellationToken ct)
    {
        var sent = await Send(operation, request, idempotent, ct);
        if (sent.IsLeft) return sent.Map(_ => default(T)!);
        using var response = sent.RightToSeq().Head();
        try
        {
            return await read(response);
        }
        catch (System.Text.Json.JsonException)
        {
            return new VonageFailure.Unavailable(operation, "Vonage sent an answer we could not read.");
        }
    }

    public async Task<Either<VonageFailure, HttpResponseMessage>> Send(
        string operation, Func<HttpRequestMessage> request, bool idempotent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await Once(operation, request(), ct);
            var retry = idempotent && attempt < Attempts && outcome.Match(
                Right: r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500,
                Left: f => f is VonageFailure.Unavailable);
            if (!retry) return outcome;
            var wait = Backoff(attempt, outcome.RightToSeq().HeadOrNone());
            outcome.IfRight(r => r.Dispose());
            log.VonageRetry(operation, attempt, (int)wait.TotalMilliseconds);
            await Task.Delay(wait, ct);
        }
    }

    async Task<Either<VonageFailure, HttpResponseMessage>> Once(
        string operation, HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            return await http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return Left<VonageFailure, HttpResponseMessage>(new VonageFailure.Unavailable(operation,
                e is OperationCanceledException ? "Vonage did not answer in time." : "Vonage could not be reached."));
        }
        finally
        {
            request.Dispose();
        }
    }

    static TimeSpan Backoff(int attempt, Option<HttpResponseMessage> response)
    {
        var retryAfter = response.Bind(r => Optional(r.Headers.RetryAfter?.Delta));
        var exponential = TimeSpan.FromMilliseconds(100 * Math.Pow(2, attempt - 1) + Random.Shared.Next(0, 50));
        return retryAfter.Filter(d => d <= TimeSpan.FromSeconds(5)).IfNone(exponential);
    }

    /// <summary>The failure an HTTP status means, for the statuses every Vonage API shares.</summary>
    public static VonageFailure FromStatus(string operation, HttpStatusCode status) => (int)status switch
    {
        401 or 403 => new VonageFailure.Unauthorized(operation, "Vonage refused our credentials."),
        429 => new VonageFailure.Throttled(operation, "Vonage is throttling our requests."),
        >= 500 => new VonageFailure.Unavailable(operation, $"Vonage answered {(int)status}."),
        _ => new VonageFailure.Rejected(operation, $"Vonage answered {(int)status}."),
    };
}
