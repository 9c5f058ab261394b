using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The database out of reach while calls arrive (docs/architecture.md, "Database outages"):
/// known routes keep connecting from memory for a bounded time, unknown ones are asked to try
/// again, every answer comes within Vonage's budget, the REST API says 503 with Retry-After,
/// and when the database is back everything is as it was.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOutageTests
{
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    const string TemporarilyUnavailable =
        """[{"action":"talk","text":"Sorry, we cannot connect your call right now. Please try again in a few minutes. Goodbye."}]""";

    sealed class Outage(VoiceProxyApp app, string database) : IAsyncDisposable
    {
        public static async Task<Outage> Start(VoiceProxyApp app, string connection)
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
            await TestPostgres.Admin($"alter database {database} allow_connections false");
            await TestPostgres.Admin($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}'");
            var cache = app.Services.GetRequiredService<RouteCache>();
            await TwoInstances.Until(() => !cache.IsListening, "the instance never noticed the database was gone");
            return new Outage(app, database);
        }

        public async ValueTask DisposeAsync()
        {
            await TestPostgres.Admin($"alter database {database} allow_connections true");
            var cache = app.Services.GetRequiredService<RouteCache>();
            await TwoInstances.Until(() => cache.IsListening, "the instance never heard the database again", TimeSpan.FromSeconds(10));
        }
    }

    static async Task<(System.Text.Json.JsonElement Ncco, TimeSpan Took)> TimedAnswer(HttpClient http, string from, string to)
    {
        var clock = Stopwatch.StartNew();
        var ncco = await http.Answer(from, to);
        return (ncco, clock.Elapsed);
    }

    [Fact]
    public async Task Known_routes_keep_connecting_unknown_ones_are_asked_to_retry_and_the_api_says_503()
    {
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection);
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.Until(() => TwoInstances.ListeningAndLoaded(app), "never listened");
        var known = await http.CreatedConversation("+447400970001", "+447400970002");
        var unknown = await http.CreatedConversation("+447400970003", "+447400970004");
        var (a, vb) = (Digits(known.Str("userA", "number")), Digits(known.Str("userB", "virtualNumber")));
        var (c, vd) = (Digits(unknown.Str("userA", "number")), Digits(unknown.Str("userB", "virtualNumber")));
        AssertConnects(await http.Answer(a, vb), known.Str("userA", "virtualNumber"), known.Str("userB", "number"), known.Str("id"));

        await using (await Outage.Start(app, connection))
        {
            var (cached, tookCached) = await TimedAnswer(http, a, vb);
            AssertConnects(cached, known.Str("userA", "virtualNumber"), known.Str("userB", "number"), known.Str("id"));
            var (uncached, tookUncached) = await TimedAnswer(http, c, vd);
            Assert.Equal(TemporarilyUnavailable, uncached.GetRawText());
            Assert.True(tookCached < Budget && tookUncached < Budget, $"answers took {tookCached} and {tookUncached}");

            using var read = await http.GetAsync($"/conversations/{known.Str("id")}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(read.Headers.RetryAfter);
            using var create = await http.PostAsJsonAsync("/conversations", new { userA = "+447400970005", userB = "+447400970006" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        }

        // Back: the unknown route is found again, and the known one still connects.
        AssertConnects(await http.Answer(c, vd), unknown.Str("userA", "virtualNumber"), unknown.Str("userB", "number"), unknown.Str("id"));
        AssertConnects(await http.Answer(a, vb), known.Str("userA", "virtualNumber"), known.Str("userB", "number"), known.Str("id"));
        // And the daemon that delivers texts survived the outage: a new conversation is texted.
        var after = await http.CreatedConversation("+447400970007", "+447400970008");
        var texted = await http.Texted(after.Str("id"));
        Assert.Contains((texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")),
            new[] { ("sent", "sent"), ("sent", "delivered"), ("delivered", "sent"), ("delivered", "delivered") });
    }

    [Fact]
    public async Task Past_the_stale_bound_a_known_route_is_asked_to_retry_too()
    {
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection,
            new Dictionary<string, string?> { ["VoiceProxy:RouteCache:StaleForSeconds"] = "0" });
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.Until(() => TwoInstances.ListeningAndLoaded(app), "never listened");
        var known = await http.CreatedConversation("+447400970011", "+447400970012");
        var (a, vb) = (Digits(known.Str("userA", "number")), Digits(known.Str("userB", "virtualNumber")));
        Assert.Equal("connect", (await http.Answer(a, vb))[1].Str("action"));

        await using (await Outage.Start(app, connection))
            Assert.Equal(TemporarilyUnavailable, (await http.Answer(a, vb)).GetRawText());
    }

    [Fact]
    public async Task Signed_webhooks_still_connect_and_a_replay_to_the_same_instance_is_still_refused()
    {
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection,
            new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = SignedFixture.Secret });
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.Until(() => TwoInstances.ListeningAndLoaded(app), "never listened");
        var known = await http.CreatedConversation("+447400970021", "+447400970022");
        var query = $"from={Digits(known.Str("userA", "number"))}&to={Digits(known.Str("userB", "virtualNumber"))}&uuid=u&conversation_uuid=CON-u";
        async Task<HttpResponseMessage> Signed(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/webhooks/answer?{query}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(request);
        }
        using (var warm = await Signed(SignedWebhookTests.Token(WebhookSignature.QueryAsJson(query))))
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        var during = SignedWebhookTests.Token(WebhookSignature.QueryAsJson(query));
        var callEvent = $$"""{"uuid":"leg-1","status":"answered","from":"{{Digits(known.Str("userA", "number"))}}","to":"{{Digits(known.Str("userB", "virtualNumber"))}}"}""";
        var eventToken = SignedWebhookTests.Token(System.Text.Encoding.UTF8.GetBytes(callEvent));
        async Task<HttpResponseMessage> SignedEvent()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/event")
            {
                Content = new StringContent(callEvent, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", eventToken);
            return await http.SendAsync(request);
        }
        await using (await Outage.Start(app, connection))
        {
            using var first = await Signed(during);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("connect", (await Ncco(first))[1].Str("action"));
            using var replay = await Signed(during);
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
            // An event that could not be stored is 503, and its token is given back...
            using var notStored = await SignedEvent();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notStored.StatusCode);
        }
        // ...so Vonage's retry with the same token is accepted, not refused as a replay.
        using (var retried = await SignedEvent())
            Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);

        // Caught up: the token remembered in memory reached the database, and is refused there too.
        await TwoInstances.Until(async () =>
        {
            await using var connection = (Npgsql.NpgsqlConnection)app.Services.GetRequiredService<Marten.IDocumentStore>()
                .Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var seen = SeenTokens.Seen(connection, SeenToken(during));
            return (bool)(await seen.ExecuteScalarAsync())!;
        }, "the token remembered during the outage was never written", TimeSpan.FromSeconds(10));
    }

    static SignedToken SeenToken(string token)
    {
        using var claims = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        return new SignedToken(claims.RootElement.GetProperty("jti").GetString()!,
            DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("iat").GetInt64()));
    }
}
