using System.Diagnostics;

namespace VoiceProxy.Bench;

/// <summary>
/// Open-loop load: requests are *scheduled* at a fixed rate and latency is measured from the
/// scheduled instant, so a slow response cannot hide the requests queued behind it (no
/// coordinated omission, which a closed-loop tool like wrk has).
/// </summary>
public static class FixedRate
{
    public static async Task<int> Run(string url, string routesFile, int perSecond, int seconds)
    {
        var routes = (await File.ReadAllLinesAsync(routesFile)).Select(l => l.Split(' ')).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url) };
        var total = perSecond * seconds;
        var latencies = new double[total];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var n = i;
            var route = routes[Random.Shared.Next(routes.Length)];
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await http.GetAsync($"/webhooks/answer?from={route[0]}&to={route[1]}");
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref failures); }
                latencies[n] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(inFlight);
        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Min(total - 1, q * total)];
        Console.WriteLine($$"""{"rate":{{perSecond}},"requests":{{total}},"failures":{{failures}},"p50ms":{{P(0.5):F2}},"p99ms":{{P(0.99):F2}},"p999ms":{{P(0.999):F2}},"maxms":{{latencies[^1]:F2}}}""");
        return 0;
    }
}
