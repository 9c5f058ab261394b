using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VoiceProxy.Bench;

/// <summary>
/// Open-loop load: requests are *scheduled* at a fixed rate and latency is measured from the
/// scheduled instant, so a slow response cannot hide the requests queued behind it (no
/// coordinated omission, which a closed-loop tool like wrk has). The first seconds run at the
/// same rate unrecorded: they are this client's own JIT and connection set-up, not the service.
/// For a cold start (<c>warmUrl</c> set) they go to the ceiling app instead, while the service
/// starts; then the client waits for the service's <c>/health/ready</c> and records from that
/// moment, so the figure is what callers meet right after a restart.
/// </summary>
public static class FixedRate
{
    const int WarmUpSeconds = 3;

    /// <param name="secret">Set: each request is a signed POST with a fresh token, as Vonage sends signed webhooks.</param>
    /// <param name="warmUrl">Set: warm this client up against it, then measure <paramref name="url"/> from the moment it is ready.</param>
    public static async Task<int> Run(string url, string routesFile, int perSecond, int seconds, string? secret = null,
        string? warmUrl = null)
    {
        var routes = (await File.ReadAllLinesAsync(routesFile)).Select(l => l.Split(' ')).ToArray();
        var started = Stopwatch.StartNew();
        using var warmHttp = warmUrl is null ? null : new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(warmUrl) };
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url) };
        var warmUp = perSecond * WarmUpSeconds;
        var total = perSecond * seconds;
        var latencies = new double[total];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(warmUp + total);
        double? readyAfter = null;

        async Task Send(int n, TimeSpan due, string[] route)
        {
            try
            {
                var to = n < 0 && warmHttp is not null ? warmHttp : http;
                using var response = secret is null
                    ? await to.GetAsync($"/webhooks/answer?from={route[0]}&to={route[1]}")
                    : await to.SendAsync(SignedRequests.Request(route, secret));
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
            catch (HttpRequestException) { Interlocked.Increment(ref failures); }
            if (n >= 0) latencies[n] = (clock.Elapsed - due).TotalMilliseconds;
        }

        // A dedicated thread keeps the schedule, sleeping with nanosleep (Thread.Sleep and timers
        // round to whole milliseconds, longer than the half-millisecond between requests), and
        // each request starts on it without a hop through the thread pool.
        var shift = TimeSpan.Zero; // a cold start's recording begins when the service is ready
        var scheduler = new Thread(() =>
        {
            for (var i = -warmUp; i < total; i++)
            {
                if (i == 0 && warmHttp is not null)
                {
                    WaitUntilReady(http);
                    readyAfter = started.Elapsed.TotalSeconds;
                    shift = clock.Elapsed - TimeSpan.FromSeconds((double)warmUp / perSecond);
                }
                var due = TimeSpan.FromSeconds((double)(i + warmUp) / perSecond) + shift;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero) Sleep(wait);
                inFlight.Add(Send(i, due, routes[Random.Shared.Next(routes.Length)]));
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        scheduler.Join();
        await Task.WhenAll(inFlight);
        // Where in the run the slow answers fell (stderr, beside the summary): a cold start's
        // tail in its first second is another cause than one spread over all ten.
        Console.Error.WriteLine("p99/max by second: " + string.Join(" ", latencies.Chunk(perSecond)
            .Select(s => s.Order().ToArray()).Select(s => $"{s[(int)(0.99 * (s.Length - 1))]:F0}/{s[^1]:F0}")));
        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Min(total - 1, q * total)];
        Console.WriteLine($$"""{"rate":{{perSecond}},"requests":{{total}},"failures":{{failures}},"p50ms":{{P(0.5):F2}},"p99ms":{{P(0.99):F2}},"p999ms":{{P(0.999):F2}},"maxms":{{latencies[^1]:F2}}{{(readyAfter is { } r ? $",\"readyAfterSeconds\":{r:F1}" : "")}}}""");
        return 0;
    }

    static void WaitUntilReady(HttpClient http)
    {
        while (true)
        {
            try
            {
                using var ready = http.GetAsync("/health/ready").GetAwaiter().GetResult();
                if (ready.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { } // not listening yet
            Thread.Sleep(20);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true)]
    static extern int nanosleep(ref Timespec duration, IntPtr remaining);

    static void Sleep(TimeSpan wait)
    {
        var t = new Timespec { Seconds = (long)wait.TotalSeconds, Nanoseconds = wait.Ticks % TimeSpan.TicksPerSecond * 100 };
        _ = nanosleep(ref t, IntPtr.Zero); // woken early by a signal: the loop re-checks the time anyway
    }
}
