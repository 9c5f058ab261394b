using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// PATCH /conversations/{id} moves a live conversation's expiry: on every instance (an extended
/// conversation must not hear "ended" at its old expiry anywhere), on the stream, to the backend.
/// </summary>
[Trait("Category", "Integration")]
public class UpdateConversationTests
{
    [Fact]
    public async Task An_extended_conversation_keeps_connecting_past_its_old_expiry_on_the_instance_that_had_it_cached()
    {
        await using var apps = await TwoInstances.Start();
        var (status, created) = await apps.One.CreateConversation(new { userA = "+447911130001", userB = "+447400130001", ttlSeconds = 2 });
        Assert.Equal(HttpStatusCode.Created, status);
        var (id, bobsVirtual, alicesVirtual) = (created.Str("id"), created.Str("userB", "virtualNumber"), created.Str("userA", "virtualNumber"));
        // The second instance routes the call, and keeps the route (with its 2 s expiry) in memory.
        AssertConnects(await apps.Two.Answer(Digits("+447911130001"), Digits(bobsVirtual)), alicesVirtual, "+447400130001", id);

        var (patched, body) = await apps.One.PatchConversation(id, """{"ttlSeconds":3600}""");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(59));

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the old expiry
        AssertConnects(await apps.Two.Answer(Digits("+447911130001"), Digits(bobsVirtual)), alicesVirtual, "+447400130001", id);
        var trail = await apps.Two.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events");
        Assert.Contains(trail.EnumerateArray(), e => e.Str("type") == "conversation_expiry_changed");
    }

    [Fact]
    public async Task Shortening_to_the_past_ends_it_everywhere_and_an_ended_one_cannot_be_changed()
    {
        await using var apps = await TwoInstances.Start();
        var created = await apps.One.CreatedConversation("+447911130002", "+447400130002");
        var (id, bobsVirtual) = (created.Str("id"), created.Str("userB", "virtualNumber"));
        AssertConnects(await apps.Two.Answer(Digits("+447911130002"), Digits(bobsVirtual)), created.Str("userA", "virtualNumber"),
            "+447400130002", id);

        var (status, body) = await apps.One.PatchConversation(id, $$"""{"expiresAt":"{{DateTimeOffset.UtcNow.AddMinutes(-1):O}}"}""");
        Assert.Equal((HttpStatusCode.OK, "expired"), (status, body.Str("status")));
        Assert.Equal(Ended, (await apps.One.Answer(Digits("+447911130002"), Digits(bobsVirtual))).GetRawText());
        await TwoInstances.Until(async () => (await apps.Two.Answer(Digits("+447911130002"), Digits(bobsVirtual))).GetRawText() == Ended,
            "the other instance still routes a conversation shortened to the past");

        Assert.Equal(HttpStatusCode.Conflict, (await apps.One.PatchConversation(id, """{"ttlSeconds":60}""")).Status);
    }

    [Theory]
    [InlineData("""{"ttlSeconds":60,"expiresAt":"2030-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{}""", "ttlSeconds")]
    [InlineData("""{"ttlSeconds":"soon"}""", "ttlSeconds")]
    [InlineData("""{"ttlSeconds":99999999}""", "ttlSeconds")]
    [InlineData("""{"userB":42}""", "userB")]
    [InlineData("""{"colour":"red"}""", "colour")]
    [InlineData("""[1]""", "body")]
    public async Task A_wrong_patch_names_the_field(string json, string field)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation("+447911130003", "+447400130003")).Str("id");
        var (status, body) = await http.PatchConversation(id, json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Not_json_is_415_and_an_unknown_conversation_404()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.PatchConversation(Guid.NewGuid().ToString(), "ttlSeconds=5", "text/plain")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PatchConversation(Guid.NewGuid().ToString(), """{"ttlSeconds":60}""")).Status);
    }

    [Fact]
    public async Task A_conversation_is_in_progress_while_someone_is_on_a_call_and_says_why_it_ended()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var created = await http.CreatedConversation("+447911130004", "+447400130004");
        var id = created.Str("id");
        async Task Leg(string status)
        {
            var body = $$"""{"uuid":"in-9","status":"{{status}}","from":"447911130004","to":"{{Digits(created.Str("userB", "virtualNumber"))}}","direction":"inbound"}""";
            using var response = await http.PostAsync("/webhooks/event", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode);
        }
        async Task<JsonElement> Read() => await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}");

        await Leg("answered");
        Assert.Equal("in-progress", (await Read()).Str("status"));
        await Leg("completed");
        Assert.Equal("active", (await Read()).Str("status"));
        Assert.Equal(JsonValueKind.Null, (await Read()).GetProperty("closedReason").ValueKind);
        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(("closed", "closed-by-api"), ((await Read()).Str("status"), (await Read()).Str("closedReason")));
    }
}
