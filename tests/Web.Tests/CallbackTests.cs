using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Signed callbacks to the marketplace backend: every event of a conversation arrives, in order,
/// signed, at least once, with stable ids, through a receiver that fails the first attempts; a
/// redelivery sends the same callback again; a dead or slow receiver slows nothing else.
/// </summary>
[Trait("Category", "Integration")]
public class CallbackTests
{
    const string Alice = "+447911124001";
    const string Bob = "+447400124001";

    static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
            ["VoiceProxy:Callbacks:FirstRetrySeconds"] = "0.1",
            ["VoiceProxy:Callbacks:MaxRetrySeconds"] = "1",
            ["VoiceProxy:Callbacks:PollMilliseconds"] = "50",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Plays one call as Vonage reports it: Alice dials Bob's stand-in, Bob answers, they talk 42 s.</summary>
    static async Task PlayCall(HttpClient http, string id, string alicesVirtual, string bobsVirtual)
    {
        AssertConnects(await http.Answer(Digits(Alice), Digits(bobsVirtual)), alicesVirtual, Bob, id);
        var inbound = new { from = Digits(Alice), to = Digits(bobsVirtual), uuid = "in-1", conversation_uuid = "CON-1", direction = "inbound" };
        var outbound = new { from = Digits(alicesVirtual), to = Digits(Bob), uuid = "out-1", conversation_uuid = "CON-1", direction = "outbound" };
        await http.PostTaken("/webhooks/event", new { inbound.from, inbound.to, inbound.uuid, inbound.conversation_uuid, inbound.direction, status = "started" });
        await http.PostTaken($"/webhooks/event?conversation={id}", new { outbound.from, outbound.to, outbound.uuid, outbound.conversation_uuid, outbound.direction, status = "answered" });
        await http.PostTaken($"/webhooks/event?conversation={id}", new { outbound.from, outbound.to, outbound.uuid, outbound.conversation_uuid, outbound.direction, status = "completed", duration = "42" });
    }

    [Fact]
    public async Task Every_event_arrives_signed_in_order_at_least_once_with_stable_ids_through_a_receiver_that_fails_at_first()
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Answer = (_, before) => before < 2 ? 503 : 204;
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Settings());
        app.StartServer();
        using var http = app.CreateClient();

        var (status, created) = await http.CreateConversation(new
        {
            userA = Alice,
            userB = Bob,
            reference = "ride-7",
            callbackUrl = receiver.Url.ToString(),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.Str("id");
        await http.Delivered(id);
        await PlayCall(http, id, created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        string[] expected = ["conversation.created", "sms.sent", "sms.sent", "sms.delivered", "sms.delivered",
            "call.started", "call.answered", "call.completed", "conversation.closed"];
        await TwoInstances.Until(() => receiver.Taken().Count >= expected.Length, "not every callback was taken", TimeSpan.FromSeconds(30));
        var taken = receiver.Taken();
        Assert.Equal(expected, taken.Select(r => r.Type).ToArray());
        Assert.All(receiver.Arrived, r => Assert.True(r.Verified, $"{r.Id} did not verify"));
        Assert.All(taken, r => Assert.Equal(3, receiver.Arrived.Count(a => a.Id == r.Id)));
        Assert.All(taken, r => Assert.Equal((id, "ride-7"), (r.ConversationId, r.Json.GetProperty("data").GetProperty("conversation").GetProperty("reference").GetString())));
        // No real number travels unless the operator says so: only masked ones and our own virtual numbers.
        Assert.All(receiver.Arrived, r => Assert.DoesNotContain(Digits(Alice)[2..], r.Body));
        Assert.All(receiver.Arrived, r => Assert.DoesNotContain(Digits(Bob)[2..], r.Body));
        var completed = taken.Single(r => r.Type == "call.completed").Json.GetProperty("data").GetProperty("call");
        Assert.Equal(("userA", "answered", 42), (completed.Str("caller"), completed.Str("outcome"), completed.GetProperty("durationSeconds").GetInt32()));

        // Listed in the stream's order, which is the order they were taken in. The receiver counts
        // a callback taken when it answers 204; the service records that outcome a moment later.
        async Task<JsonElement> Listed() => await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/callbacks");
        await TwoInstances.Until(async () => (await Listed()).EnumerateArray().All(c => c.Str("state") == "delivered"),
            "the last outcome was never recorded", TimeSpan.FromSeconds(10));
        var listed = await Listed();
        Assert.Equal(taken.Select(r => r.Id).ToArray(), listed.EnumerateArray().Select(c => c.Str("id")).ToArray());
        Assert.All(listed.EnumerateArray(), c => Assert.Equal(("delivered", 3, "204"),
            (c.Str("state"), c.GetProperty("attempts").GetInt32(), c.Str("lastResult"))));

        // Redelivered: the same id and the same payload, again.
        var first = taken[0];
        using (var again = await http.PostAsync($"/callbacks/{first.Id}/redeliver", null))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await TwoInstances.Until(() => receiver.Arrived.Count(r => r.Id == first.Id) == 4, "the redelivery never came", TimeSpan.FromSeconds(10));
        Assert.Single(receiver.Arrived.Where(r => r.Id == first.Id).Select(r => r.Body).Distinct());
        using var unknown = await http.PostAsync("/callbacks/msg_nope/redeliver", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Real_numbers_travel_only_when_the_operator_includes_them_and_the_default_url_serves_conversations_without_one()
    {
        await using var receiver = await CallbackReceiver.Start();
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            Settings(("VoiceProxy:Callbacks:Url", receiver.Url.ToString()), ("VoiceProxy:Callbacks:IncludeNumbers", "true")));
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        await TwoInstances.Until(() => receiver.Taken().Any(), "no callback came to the default URL", TimeSpan.FromSeconds(30));
        Assert.Equal((created.Str("id"), Alice),
            (receiver.Taken()[0].ConversationId, receiver.Taken()[0].Json.GetProperty("data").GetProperty("conversation").Str("userA", "number")));
    }

    [Fact]
    public async Task A_callback_the_receiver_keeps_refusing_is_marked_failed_once_its_window_runs_out_and_can_be_redelivered()
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Answer = (_, _) => 500;
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            Settings(("VoiceProxy:Callbacks:GiveUpAfterHours", "0.001"))); // 3.6 s
        app.StartServer();
        using var http = app.CreateClient();
        var (_, created) = await http.CreateConversation(new { userA = Alice, userB = Bob, callbackUrl = receiver.Url.ToString() });
        var id = created.Str("id");

        JsonElement listed = default;
        await TwoInstances.Until(async () =>
        {
            listed = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/callbacks");
            return listed.GetArrayLength() > 0 && listed[0].Str("state") == "failed";
        }, "the refused callback was never marked failed", TimeSpan.FromSeconds(30));
        Assert.True(listed[0].GetProperty("attempts").GetInt32() > 1);
        Assert.Equal("500", listed[0].Str("lastResult"));

        receiver.Answer = (_, _) => 200;
        using (var again = await http.PostAsync($"/callbacks/{listed[0].Str("id")}/redeliver", null))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await TwoInstances.Until(() => receiver.Taken().Any(r => r.Id == listed[0].Str("id")), "the redelivery was not taken", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_receiver_that_hangs_slows_neither_creation_nor_calls()
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Delay = TimeSpan.FromSeconds(20);
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            Settings(("VoiceProxy:Callbacks:Url", receiver.Url.ToString()), ("VoiceProxy:Callbacks:TimeoutSeconds", "30")));
        app.StartServer();
        using var http = app.CreateClient();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            var created = await http.CreatedConversation($"+4479111250{i:00}", $"+4474001250{i:00}");
            AssertConnects(await http.Answer(Digits($"+4479111250{i:00}"), Digits(created.Str("userB", "virtualNumber"))),
                created.Str("userA", "virtualNumber"), $"+4474001250{i:00}", created.Str("id"));
        }
        // Five creations and five answers, while every callback sits 20 s in the receiver.
        await TwoInstances.Until(() => !receiver.Arrived.IsEmpty || clock.Elapsed > TimeSpan.FromSeconds(1), "", TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_callback_url_without_a_signing_secret_is_refused()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var (status, body) = await http.CreateConversation(new { userA = Alice, userB = Bob, callbackUrl = "https://backend.example/hooks" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("VoiceProxy:Callbacks:Secret", body.GetProperty("errors").GetProperty("callbackUrl")[0].GetString(), StringComparison.Ordinal);
    }
}
