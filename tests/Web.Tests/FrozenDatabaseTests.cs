using System.Diagnostics;
using System.Net;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// A PostgreSQL that stops answering without closing anything (every process SIGSTOPped: a stuck
/// host, a hung storage volume). It needs a server of its own, so the rest of the suite keeps
/// its database. Nothing may hang: the answer webhook answers within its budget, the REST API
/// and readiness say 503 within their timeouts (docs/architecture.md, "Database outages").
/// </summary>
[Trait("Category", "Integration")]
public sealed class FrozenDatabaseTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    readonly OwnPostgres server = new();

    static async Task<(HttpStatusCode Status, string Body, TimeSpan Took)> Timed(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed);
    }

    [Fact]
    public async Task Nothing_hangs_while_the_database_is_frozen_and_all_works_once_it_thaws()
    {
        await using var app = new VoiceProxyApp(server.ConnectionString);
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.Until(() => TwoInstances.ListeningAndLoaded(app), "never listened");
        var known = await http.CreatedConversation("+447400950001", "+447400950002");
        var other = await http.CreatedConversation("+447400950003", "+447400950004");
        var knownCall = $"/webhooks/answer?from={Digits(known.Str("userA", "number"))}&to={Digits(known.Str("userB", "virtualNumber"))}";
        var otherCall = $"/webhooks/answer?from={Digits(other.Str("userA", "number"))}&to={Digits(other.Str("userB", "virtualNumber"))}";
        Assert.Contains("connect", (await Timed(http, knownCall)).Body);

        server.Freeze();
        try
        {
            var cached = await Timed(http, knownCall);
            var uncached = await Timed(http, otherCall);
            var read = await Timed(http, $"/conversations/{known.Str("id")}");
            var ready = await Timed(http, "/health/ready");
            output.WriteLine($"frozen: cached call {cached.Took.TotalMilliseconds:F0} ms, uncached call " +
                $"{uncached.Took.TotalMilliseconds:F0} ms, GET conversation {read.Took.TotalMilliseconds:F0} ms " +
                $"({(int)read.Status}), readiness {ready.Took.TotalMilliseconds:F0} ms ({(int)ready.Status})");

            Assert.True(cached.Status == HttpStatusCode.OK && cached.Body.Contains("\"connect\"", StringComparison.Ordinal)
                && cached.Took < TimeSpan.FromSeconds(2), $"cached: {cached}");
            Assert.True(uncached.Status == HttpStatusCode.OK && uncached.Body.Contains("try again", StringComparison.Ordinal)
                && uncached.Took < TimeSpan.FromSeconds(2), $"uncached: {uncached}");
            // 3.0 s (the command timeout), or 5.0 s when the read held a pooled connection: Npgsql
            // then sends PostgreSQL a cancel request over a new connection, synchronously, and a
            // frozen server keeps that waiting for the 2 s connect timeout too (docs/reliability.md).
            // Bounded at 7 s: one of each, and a margin; past it the read has hung.
            Assert.True(read.Status == HttpStatusCode.ServiceUnavailable && read.Took < TimeSpan.FromSeconds(7), $"read: {read}");
            Assert.True(ready.Status == HttpStatusCode.ServiceUnavailable && ready.Took < TimeSpan.FromSeconds(3), $"ready: {ready}");
        }
        finally
        {
            server.Thaw();
        }

        await TwoInstances.Until(async () => (await Timed(http, $"/conversations/{known.Str("id")}")).Status == HttpStatusCode.OK,
            "the service never recovered after the database thawed", TimeSpan.FromSeconds(15));
        Assert.Contains("connect", (await Timed(http, otherCall)).Body);
    }

    [Fact]
    public async Task Right_after_a_restart_dead_pooled_connections_cost_no_500()
    {
        await using var app = new VoiceProxyApp(server.ConnectionString);
        app.StartServer();
        using var http = app.CreateClient();
        var c = await http.CreatedConversation("+447400950011", "+447400950012");
        var call = $"/webhooks/answer?from={Digits(c.Str("userA", "number"))}&to={Digits(c.Str("userB", "virtualNumber"))}";
        // Fill the connection pool, so that after the restart it holds dead connections.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Timed(http, $"/conversations/{c.Str("id")}")));

        server.Stop();
        server.Start();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Timed(http, i % 2 == 0 ? $"/conversations/{c.Str("id")}" : call)));

        Assert.All(answers, a => Assert.True(
            a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status} {a.Body}"));
        await TwoInstances.Until(async () => (await Timed(http, $"/conversations/{c.Str("id")}")).Status == HttpStatusCode.OK,
            "the service never recovered after the restart", TimeSpan.FromSeconds(15));
    }

    public void Dispose() => server.Dispose();
}
