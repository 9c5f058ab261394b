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
            return Left<VonageFailure, HttpResponseMessage>(new VonageFailure.Unavailable(operation,
                e is HttpRequestException ? "Vonage could not be reached." : "Vonage did not answer in time."));
        }
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
