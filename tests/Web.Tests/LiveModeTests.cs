using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VoiceProxy.Web.Tests;

/// <summary>The app in live mode, with a fake Vonage at the HTTP level and a real PostgreSQL.</summary>
[Trait("Category", "Integration")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync")]
public sealed class LiveModeTests : IAsyncLifetime
{
    readonly FakeVonage vonage = new();
    string database = null!;
    VoiceProxyApp app = null!;
    HttpClient http = null!;

    Dictionary<string, string?> Live => new()
    {
        ["Vonage:ApiKey"] = FakeVonage.Key,
        ["Vonage:ApiSecret"] = FakeVonage.Secret,
        ["Vonage:ApplicationId"] = FakeVonage.AppId,
        ["Vonage:RestBaseUrl"] = vonage.Url,
        ["Vonage:ApiBaseUrl"] = vonage.Url,
    };

    public async Task InitializeAsync()
    {
        vonage.Server.Given(Request.Create().WithPath("/ni/basic/json").WithParam("number", "447911123456")).RespondWith(Response.Create()
            .WithBody("""{"status":0,"international_format_number":"447911123456","country_code":"GG"}"""));
        vonage.Server.Given(Request.Create().WithPath("/ni/basic/json").WithParam("number", "447400123456")).RespondWith(Response.Create()
            .WithBody("""{"status":0,"international_format_number":"447400123456","country_code":"GB"}"""));
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).RespondWith(Response.Create()
            .WithBody("""{"message-count":"1","messages":[{"message-id":"m-1","status":"0"}]}"""));
        database = await TestPostgres.CreateDatabase();
        app = new VoiceProxyApp(database, Live);
        app.StartServer();
        http = app.CreateClient();
    }

    [Fact]
    public async Task Creating_a_conversation_checks_both_numbers_and_texts_each_the_others_virtual_number()
    {
        using var vonageCalls = app.Collect<long>("voiceproxy.vonage.calls");
        Assert.Empty(await http.GetFromJsonAsync<object[]>("/numbers") ?? []); // live pools are never seeded
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();

        var created = await http.CreatedConversation("+447911123456", "+447400123456");
        await http.Texted(created.Str("id"));

        Assert.Equal(["447400123456", "447911123456"],
            vonage.Requests("/ni/basic/json").Select(r => FakeVonage.Query(r, "number")).Order());
        var texts = vonage.Requests("/sms/json").Select(FakeVonage.Form).ToList();
        Assert.Equal(2, texts.Count);
        var (va, vb) = (created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        var toAlice = Assert.Single(texts, t => t["to"] == "447911123456");
        var toBob = Assert.Single(texts, t => t["to"] == "447400123456");
        Assert.Equal((Api.Digits(vb), true), (toAlice["from"], toAlice["text"]!.Contains(vb)));
        Assert.Equal((Api.Digits(va), true), (toBob["from"], toBob["text"]!.Contains(va)));
        Assert.All(texts, t => Assert.Equal(FakeVonage.Key, t["api_key"]));
        using var sandbox = await http.GetAsync("/sandbox/messages");
        Assert.Equal(HttpStatusCode.NotFound, sandbox.StatusCode);
        Assert.Equal(2, vonageCalls.Sum(("operation", "number insight"), ("outcome", "ok")));
        Assert.Equal(2, vonageCalls.Sum(("operation", "send SMS"), ("outcome", "ok")));
    }

    [Fact]
    public async Task A_text_Vonage_throttles_is_sent_again_a_moment_later_not_recorded_failed()
    {
        // Vonage refuses the first two texts for the account's rate (status 1, HTTP 200), then takes them.
        const string Throttled = """{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded - please wait [ 20 ] and retry"}]}""";
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-1).InScenario("throttled")
            .WillSetStateTo("once").RespondWith(Response.Create().WithBody(Throttled));
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-1).InScenario("throttled")
            .WhenStateIs("once").WillSetStateTo("calm").RespondWith(Response.Create().WithBody(Throttled));
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();

        await BothSentAfterTwoRefusals((await http.CreatedConversation("+447911123456", "+447400123456")).Str("id"));
    }

    [Fact]
    public async Task A_text_Vonage_could_not_take_is_sent_again_when_it_can()
    {
        // Vonage answers 503 for a while (it took neither text), then takes them.
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-1).InScenario("outage")
            .WillSetStateTo("still").RespondWith(Response.Create().WithStatusCode(503));
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-1).InScenario("outage")
            .WhenStateIs("still").WillSetStateTo("over").RespondWith(Response.Create().WithStatusCode(503));
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();
        using var sms = app.Collect<long>("voiceproxy.sms");

        var trail = await BothSentAfterTwoRefusals((await http.CreatedConversation("+447911123456", "+447400123456")).Str("id"));

        // Each try counted: the ones Vonage did not take apart from failures.
        Assert.Equal((2, trail.Count(t => t == "text_not_sent"), 0),
            (sms.Sum(("outcome", "sent")), sms.Sum(("outcome", "not_sent")), sms.Sum(("outcome", "failed"))));
    }

    // Vonage refused two requests, then took every text: two refusals or more are recorded (the
    // fake's scenario moves on per request, and the two texts go at once), then each text taken once.
    async Task<List<string>> BothSentAfterTwoRefusals(string id)
    {
        var texted = await http.Texted(id);
        Assert.Equal(("sent", "sent"), (texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")));
        var trail = await Trail(id);
        Assert.InRange(trail.Count(t => t == "text_not_sent"), 2, 4);
        Assert.Equal(2, trail.Count(t => t == "participant_notified"));
        Assert.DoesNotContain("notification_failed", trail);
        Assert.Equal(2 + trail.Count(t => t == "text_not_sent"), vonage.Requests("/sms/json").Count);
        return trail;
    }

    [Fact]
    public async Task A_text_Vonage_could_not_take_waits_unclaimed_beside_the_one_that_went_and_outlasts_a_restart()
    {
        // B's text meets a Vonage that cannot take it; A's, sent beside it, goes.
        var outage = OutageForB();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();
        var id = (await http.CreatedConversation("+447911123456", "+447400123456")).Str("id");

        // Tried again by the retries (1 s, then 2 s on), not in anyone's turn; stopped during the
        // 4 s wait after the third, not while a try is in flight.
        await TwoInstances.Until(async () => (await Trail(id)).Count(t => t == "text_not_sent") >= 3, "B's text was not tried again", TimeSpan.FromSeconds(20));
        var read = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/conversations/{id}");
        Assert.Equal("sent", read.Str("userA", "textStatus"));
        Assert.Equal(1, await TextsWaiting());

        // The service stops while B's text waits, and starts again once Vonage can take it.
        http.Dispose();
        await app.DisposeAsync();
        vonage.Server.DeleteMapping(outage);
        app = new VoiceProxyApp(database, Live);
        app.StartServer();
        http = app.CreateClient();

        var texted = await http.Texted(id);
        Assert.Equal(("sent", "sent"), (texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")));
        var trail = await Trail(id);
        Assert.DoesNotContain("notification_failed", trail);
        Assert.Equal(2, trail.Count(t => t == "participant_notified"));
        var toB = vonage.Requests("/sms/json").Count(r => FakeVonage.Form(r)["client-ref"]!.EndsWith("-b", StringComparison.Ordinal));
        Assert.Equal(trail.Count(t => t == "text_not_sent") + 1, toB);
        Assert.Single(vonage.Requests("/sms/json"), r => FakeVonage.Form(r)["client-ref"]!.EndsWith("-a", StringComparison.Ordinal));
        Assert.Equal(0, await TextsWaiting());
    }

    [Fact]
    public async Task Two_instances_retrying_the_same_waiting_text_send_it_once()
    {
        var outage = OutageForB();
        await using var both = await TwoInstances.Start(Live);
        (await both.One.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await both.One.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();
        var id = (await both.One.CreatedConversation("+447911123456", "+447400123456")).Str("id");
        await TwoInstances.Until(async () => (await Trail(id, both.One)).Contains("text_not_sent"), "B's text never met the outage",
            TimeSpan.FromSeconds(20));
        vonage.Server.DeleteMapping(outage);

        // Both instances look for due texts at once, again and again, until B's has gone: each
        // finds it due, and the claim lets one of them send it.
        var retries = new[] { both.First, both.Second }
            .Select(a => a.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Features.Conversations.TextRetries>().Single()).ToArray();
        await TwoInstances.Until(async () =>
        {
            await Task.WhenAll(retries.Select(r => r.SendDue(CancellationToken.None)));
            return (await both.Two.GetFromJsonAsync<System.Text.Json.JsonElement>($"/conversations/{id}")).Str("userB", "textStatus") == "sent";
        }, "B's text was not sent once Vonage took it", TimeSpan.FromSeconds(20));

        var toB = vonage.Requests("/sms/json").Count(r => FakeVonage.Form(r)["client-ref"]!.EndsWith("-b", StringComparison.Ordinal));
        var trail = await Trail(id, both.One);
        Assert.Equal(trail.Count(t => t == "text_not_sent") + 1, toB);
        Assert.Equal(2, trail.Count(t => t == "participant_notified"));
    }

    // Vonage answers 503 to B's texts (their client-ref ends in -b) until the mapping is deleted.
    Guid OutageForB()
    {
        var outage = Guid.NewGuid();
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()
                .WithBody(new WireMock.Matchers.RegexMatcher("client-ref=[0-9a-f]{32}-b(&|$)"))).WithGuid(outage).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(503));
        return outage;
    }

    // voiceproxy.sms.waiting, read now rather than on the gauges' 15 s timer.
    async Task<long> TextsWaiting()
    {
        using var waiting = app.Collect<long>("voiceproxy.sms.waiting");
        await app.Services.GetRequiredService<VoiceProxy.Web.Infrastructure.Hosting.DatabaseGauges>().Refresh(CancellationToken.None);
        waiting.RecordObservableInstruments();
        return waiting.LastMeasurement!.Value;
    }

    async Task<List<string>> Trail(string id, HttpClient? client = null) =>
        (await (client ?? http).GetFromJsonAsync<System.Text.Json.JsonElement>($"/conversations/{id}/events"))
        .EnumerateArray().Select(e => e.Str("type")).ToList();

    [Fact]
    public async Task A_text_Vonage_may_have_had_is_recorded_failed_not_sent_again_until_the_backend_asks()
    {
        // A 500: Vonage failed while handling the text, and may have sent it. Sent again, its
        // participant could be texted twice; recorded failed, the failure is visible.
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(500));
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900001" })).Dispose();
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900002" })).Dispose();

        var id = (await http.CreatedConversation("+447911123456", "+447400123456")).Str("id");
        var texted = await http.Texted(id);

        Assert.Equal(("failed", "failed"), (texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")));
        Assert.Equal(2, vonage.Requests("/sms/json").Count);

        // Told sms.failed, the backend asks for B's again once Vonage is well: it goes, once, as a new round.
        vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost()).AtPriority(-2)
            .RespondWith(Response.Create().WithBody("""{"message-count":"1","messages":[{"message-id":"m-2","status":"0"}]}"""));
        using (var resend = await http.PostAsJsonAsync($"/conversations/{id}/resend-text", new { participant = "userB" }))
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        texted = await http.Texted(id);
        Assert.Equal(("failed", "sent"), (texted.Str("userA", "textStatus"), texted.Str("userB", "textStatus")));
        var texts = vonage.Requests("/sms/json").Select(FakeVonage.Form).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Single(texts, t => (t["to"], t["client-ref"]) == ("447400123456", $"{Guid.Parse(id):N}-b1"));
    }

    [Fact]
    public async Task Provisioning_searches_buys_and_links_each_number_to_the_application()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).RespondWith(Response.Create()
            .WithBody("""{"count":2,"numbers":[{"country":"GB","msisdn":"447700900201","features":["VOICE","SMS"]},{"country":"GB","msisdn":"447700900202","features":["VOICE","SMS"]}]}"""));
        foreach (var path in new[] { "/number/buy", "/number/update" })
            vonage.Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create()
                .WithBody("""{"error-code":"200","error-code-label":"success"}"""));

        using var response = await http.PostAsJsonAsync("/numbers/provision", new { country = "GB", count = 2 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["447700900201", "447700900202"], vonage.Requests("/number/buy").Select(r => FakeVonage.Form(r)["msisdn"]).Order());
        Assert.All(vonage.Requests("/number/update"), r => Assert.Equal(FakeVonage.AppId, FakeVonage.Form(r)["app_id"]));
    }

    [Fact]
    public async Task A_vonage_outage_during_creation_is_a_503_that_says_what_failed()
    {
        vonage.Server.Reset();
        vonage.Server.Given(Request.Create().WithPath("/ni/basic/json")).RespondWith(Response.Create().WithStatusCode(503));
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900003" })).Dispose();
        var (status, problem) = await http.CreateConversation(new { userA = "+447911123456", userB = "+447400123456" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("number insight", problem.Str("operation"));
        Assert.True(problem.GetProperty("retryable").GetBoolean());
        Assert.DoesNotContain("7911123456", problem.GetRawText());
    }

    [Fact]
    public async Task No_real_number_and_no_secret_reaches_the_logs()
    {
        (await http.PostAsJsonAsync("/numbers", new { number = "+447700900009" })).Dispose();
        var created = await http.CreatedConversation("+447911123456", "+447400123456");
        await http.Texted(created.Str("id"));
        await http.Answer("447911123456", Api.Digits(created.Str("userB", "virtualNumber")));
        await http.Answer("447400555555", Api.Digits(created.Str("userB", "virtualNumber")));
        (await http.PostAsync("/webhooks/event", new StringContent("""{"uuid":"x","status":"started","from":"447400555555","to":"447700900009"}""",
            System.Text.Encoding.UTF8, "application/json"))).Dispose();

        Assert.NotEmpty(app.Logs.Lines());
        foreach (var secret in new[] { "7911123456", "7400123456", "7400555555", FakeVonage.Secret })
            Assert.DoesNotContain(app.Logs.Lines(), line => line.Contains(secret));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        vonage.Dispose();
    }
}
