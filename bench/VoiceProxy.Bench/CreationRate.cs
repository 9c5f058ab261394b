using System.Diagnostics;
using System.Net;

namespace VoiceProxy.Bench;

/// <summary>Conversations created per second through POST /conversations (sandbox SMS), fresh participants each.</summary>
public static class CreationRate
{
    /// <param name="apiKey">Set: sent as the bearer key, as a backend calls a service with API keys configured.</param>
    public static async Task<int> Run(string url, int concurrency, int seconds, string? apiKey = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        var created = 0;
        var failed = 0;
        // Each run its own participants: a run starting at 0 again (as this did until 2026-12-04)
        // measured the warm-up's pairs a second conversation each, not fresh pairs. A run starts a
        // thousand pairs further on for every second since the last began, so two runs' pairs
        // never meet below 1,000 creations a second; the range comes round after 13.6 hours, and
        // stays in +4475… (mobiles; +4476… are pagers).
        var next = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 49_000 * 1_000;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                var n = Interlocked.Increment(ref next);
                // From +4475…: apart from the seeded +4474… ones, so each creation is fresh.
                var a = Seeder.Participant(100_000_000 + 2 * n).E164;
                var b = Seeder.Participant(100_000_000 + 2 * n + 1).E164;
                using var response = await http.PostAsJsonAsync("/conversations", new { userA = a, userB = b });
                if (response.StatusCode == HttpStatusCode.Created) Interlocked.Increment(ref created);
                else Interlocked.Increment(ref failed);
            }
        }));
        await Task.WhenAll(workers);
        Console.WriteLine($$"""{"created":{{created}},"failed":{{failed}},"seconds":{{clock.Elapsed.TotalSeconds:F1}},"perSecond":{{created / clock.Elapsed.TotalSeconds:F0}}}""");
        return 0;
    }
}
