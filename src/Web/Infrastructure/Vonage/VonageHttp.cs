using System.Net;
using LanguageExt;
using Polly.Timeout;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Sends one Vonage request and reads its answer into a value: every transport failure is a
/// <see cref="VonageFailure"/>, never an exception. Timeouts and retries are the HttpClient's
/// resilience pipeline (<see cref="VonageResilience"/>).
/// </summary>
public sealed class VonageHttp(HttpClient http, Hosting.VoiceProxyMetrics? metrics = null)
{
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

    /// <summary>One request, retried by <see cref="VonageResilience"/> when it is idempotent.</summary>
    public async Task<Either<VonageFailure, HttpResponseMessage>> Send(
        string operation, Func<HttpRequestMessage> request, bool idempotent, CancellationToken ct)
    {
        using var message = request();
        message.Options.Set(VonageResilience.Idempotent, idempotent);
        try
        {
            return await http.SendAsync(message, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return Left<VonageFailure, HttpResponseMessage>(e is HttpRequestException { HttpRequestError: var error }
                ? NeverSent(error)
                    ? new VonageFailure.Unavailable(operation, "Vonage could not be reached.", NotTaken: true)
                    : new VonageFailure.Unavailable(operation, "The connection to Vonage failed before it answered.")
                : new VonageFailure.Unavailable(operation, "Vonage did not answer in time."));
        }
    }

    // Failing before a connection stood, the request never left: nothing at Vonage can have acted on it.
    // Anything later (the answer cut off or garbled) may come after Vonage carried it out.
    static bool NeverSent(HttpRequestError error) =>
        error is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>The failure an HTTP status means, for the statuses every Vonage API shares.</summary>
    public static VonageFailure FromStatus(string operation, HttpStatusCode status) => (int)status switch
    {
        401 or 403 => new VonageFailure.Unauthorized(operation, "Vonage refused our credentials."),
        429 => new VonageFailure.Throttled(operation, "Vonage is throttling our requests."),
        // 503: the server cannot handle requests now (RFC 9110 §15.6.4), so it did not handle this one.
        503 => new VonageFailure.Unavailable(operation, "Vonage answered 503.", NotTaken: true),
        >= 500 => new VonageFailure.Unavailable(operation, $"Vonage answered {(int)status}."),
        _ => new VonageFailure.Rejected(operation, $"Vonage answered {(int)status}."),
    };
}
