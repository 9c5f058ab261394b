using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// POST /sandbox/calls plays Vonage for a whole call: our answer webhook, the NCCO followed,
/// each leg's events posted as Vonage posts them, a fallback NCCO obeyed. The call then shows
/// in /calls, /events and the callbacks as a real one would.
/// </summary>
[Trait("Category", "Integration")]
public class SandboxCallTests
{
    const string Alice = "+447911127001";
    const string Bob = "+447400127001";

    static async Task<JsonElement> Play(HttpClient http, object call)
    {
        using var response = await http.PostAsJsonAsync("/sandbox/calls", call);
        var body = await Api.Json(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        Assert.All(body.GetProperty("steps").EnumerateArray(), s => Assert.InRange(s.GetProperty("status").GetInt32(), 200, 299));
        return body;
    }

    static Dictionary<string, string?> CallbacksTo(CallbackReceiver receiver) => new()
    {
        ["VoiceProxy:Callbacks:Url"] = receiver.Url.ToString(),
        ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
        ["VoiceProxy:Callbacks:PollMilliseconds"] = "50",
    };

    static string[] Heard(JsonElement played) => played.GetProperty("heard").EnumerateArray().Select(h => h.GetString()!).ToArray();

    [Fact]
    public async Task An_answered_call_is_logged_and_told_to_the_backend_as_a_real_one_would_be()
    {
        await using var receiver = await CallbackReceiver.Start();
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), CallbacksTo(receiver));
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        var id = created.Str("id");

        var played = await Play(http, new { from = Alice, to = created.Str("userB", "virtualNumber"), talkSeconds = 42 });
        Assert.Equal((true, "answered"), (played.GetProperty("connected").GetBoolean(), played.Str("outcome")));
        Assert.Equal(["Please wait while we connect your call."], Heard(played));

        var call = Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/calls")).EnumerateArray());
        Assert.Equal(("AtoB", "completed", 42), (call.Str("direction"), call.Str("status"), call.GetProperty("durationSeconds").GetInt32()));
        await TwoInstances.Until(() => receiver.Taken().Any(r => r.Type == "call.completed"), "no call.completed callback",
            TimeSpan.FromSeconds(30));
        var types = receiver.Taken().Select(r => r.Type).Where(t => t.StartsWith("call.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["call.started", "call.answered", "call.completed"], types);
    }

    [Fact]
    public async Task A_participant_calling_after_the_close_is_refused_and_the_backend_hears_call_refused()
    {
        await using var receiver = await CallbackReceiver.Start();
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), CallbacksTo(receiver));
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        using (var closed = await http.DeleteAsync($"/conversations/{created.Str("id")}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var played = await Play(http, new { from = Alice, to = created.Str("userB", "virtualNumber") });
        Assert.Equal((false, "refused"), (played.GetProperty("connected").GetBoolean(), played.Str("outcome")));
        Assert.Contains("ended", Assert.Single(Heard(played)), StringComparison.Ordinal);
        await TwoInstances.Until(() => receiver.Taken().Any(r => r.Type == "call.refused"), "no call.refused callback",
            TimeSpan.FromSeconds(30));
        var refused = receiver.Taken().Single(r => r.Type == "call.refused").Json.GetProperty("data");
        Assert.Equal(("closed", "userA"), (refused.GetProperty("conversation").Str("status"), refused.GetProperty("call").Str("caller")));
        Assert.DoesNotContain(receiver.Taken(), r => r.Type is "call.started" or "call.completed");
    }

    [Theory]
    [InlineData("busy", "busy")]
    [InlineData("no-answer", "timeout")]
    [InlineData("fail", "failed")]
    public async Task A_callee_who_does_not_answer_leaves_the_caller_the_fallback_prompt(string callee, string status)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        var played = await Play(http, new { from = Bob, to = created.Str("userA", "virtualNumber"), callee });
        Assert.Equal(status, played.Str("outcome"));
        Assert.Equal(2, Heard(played).Length);
        Assert.Contains("not available", Heard(played)[1], StringComparison.Ordinal);
        var call = Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/conversations/{created.Str("id")}/calls")).EnumerateArray());
        Assert.Equal("BtoA", call.Str("direction"));
    }

    [Fact]
    public async Task A_stranger_is_refused_and_nothing_is_connected()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        var played = await Play(http, new { from = "+447400127999", to = created.Str("userB", "virtualNumber") });
        Assert.Equal((false, "refused"), (played.GetProperty("connected").GetBoolean(), played.Str("outcome")));
        Assert.Contains("not in service", Assert.Single(Heard(played)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_signed_webhooks_the_sandbox_signs_as_vonage_does_and_every_webhook_accepts_it()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = SignedFixture.Secret });
        app.StartServer();
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Alice, Bob);
        var played = await Play(http, new { from = Alice, to = created.Str("userB", "virtualNumber") });
        Assert.Equal("answered", played.Str("outcome"));
    }

    [Fact]
    public async Task A_wrong_request_names_each_wrong_field()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        using var response = await http.PostAsJsonAsync("/sandbox/calls", new { from = "nope", callee = "maybe", talkSeconds = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Api.Json(response)).GetProperty("errors");
        Assert.Equal(["callee", "from", "talkSeconds", "to"], errors.EnumerateObject().Select(e => e.Name).Order().ToArray());
    }
}
