using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using VoiceProxy.Web.Features.Sandbox;

namespace VoiceProxy.Bench;

/// <summary>
/// Closed-loop load of signed answer webhooks, as Vonage sends them: POST JSON with a fresh
/// HS256 token (new jti) on every request, so the replay guard records every one. wrk cannot
/// sign (its Lua has no HMAC), so this client drives both the service and the ceiling, with the
/// same requests, and reports like wrk: requests a second and latency percentiles.
/// </summary>
public static class SignedLoad
{
    public static async Task<int> Run(string url, string routesFile, int connections, int seconds, string secret)
    {
        var routes = (await File.ReadAllLinesAsync(routesFile)).Select(l => l.Split(' ')).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(url) };
        var latencies = new List<double>[connections];
        var failures = 0;
        var until = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(seconds);

        async Task Connection(int c)
        {
            var mine = latencies[c] = new List<double>(200_000);
            while (until.Elapsed < window)
            {
                using var request = Request(routes[Random.Shared.Next(routes.Length)], secret);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failures); }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(() => Connection(c))));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all[(int)Math.Min(all.Length - 1, q * all.Length)];
        Console.WriteLine($"{all.Length / until.Elapsed.TotalSeconds:F0} {P(0.5):F2}ms {P(0.99):F2}ms {failures}");
        return 0;
    }

    /// <summary>One answer webhook for a route ("caller dialed"), signed with a fresh token.</summary>
    public static HttpRequestMessage Request(string[] route, string secret)
    {
        var body = $$"""{"from":"{{route[0]}}","to":"{{route[1]}}","uuid":"{{Guid.NewGuid()}}","conversation_uuid":"CON-{{Guid.NewGuid()}}"}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/answer") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VonageSigner.Token(bytes, secret, DateTimeOffset.UtcNow));
        return request;
    }
}
