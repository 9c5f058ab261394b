using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// POST /conversations/{id}/resend-text: a backend told sms.failed, or a participant who lost the
/// text, gets the number to call again: a new round of the set-up text, delivered as the first.
/// </summary>
[Trait("Category", "Integration")]
public class ResendTextTests
{
    const string Rider = "+447911141001", Driver = "+447400141001";

    sealed record Sms(string From, string To, string Text, string? Reference);

    static async Task<(HttpStatusCode Status, JsonElement Body)> Resend(HttpClient http, string id, object body, string? key = null)
    {
        var (status, json, _) = await ResendTelling(http, id, body, key);
        return (status, json);
    }

    /// <summary>The answer, and whether it says it repeats an earlier one (Idempotent-Replayed).</summary>
    static async Task<(HttpStatusCode Status, JsonElement Body, bool Replayed)> ResendTelling(HttpClient http, string id, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/conversations/{id}/resend-text") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await Api.Json(response), response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task The_participant_named_is_texted_the_same_number_again_under_a_reference_of_its_own()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var created = await http.CreatedConversation(Rider, Driver);
        var id = created.Str("id");
        await http.Texted(id);

        var (status, body) = await Resend(http, id, new { participant = "userB" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(("pending", created.Str("userB", "virtualNumber")), (body.Str("userB", "textStatus"), body.Str("userB", "virtualNumber")));

        var texted = await http.Texted(id);
        Assert.NotEqual("failed", texted.Str("userB", "textStatus"));
        var toDriver = await http.TextsTo<Sms>(Driver);
        Assert.Equal([$"{Guid.Parse(id):N}-b", $"{Guid.Parse(id):N}-b1"], toDriver.Select(t => t.Reference).Order());
        // The same words both times: the number that stands for the rider, from that number.
        Assert.Single(toDriver.Select(t => (t.From, t.Text)).Distinct());
        Assert.Contains(created.Str("userA", "virtualNumber"), toDriver[0].Text);
        Assert.Single(await http.TextsTo<Sms>(Rider));
        var trail = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events");
        var requested = Assert.Single(trail.EnumerateArray(), e => e.Str("type") == "text_requested");
        Assert.DoesNotContain(Api.Digits(Driver), requested.GetRawText());
    }

    [Fact]
    public async Task Asked_at_once_on_two_instances_each_request_granted_is_one_text_and_no_more()
    {
        await using var apps = await TwoInstances.Start();
        var id = (await apps.One.CreatedConversation(Rider, Driver)).Str("id");
        await apps.One.Texted(id);

        // Granted or refused as the race falls: a request decided while the last text is on its way is 409.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Resend(i % 2 == 0 ? apps.One : apps.Two, id, new { participant = "userA" })));
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        var granted = answers.Count(a => a.Status == HttpStatusCode.Accepted);
        Assert.InRange(granted, 1, 6);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.Conflict),
            a => Assert.Equal("The participant's set-up text is still on its way.", a.Body.Str("title")));

        await apps.Two.Texted(id);
        await TwoInstances.Until(async () => (await apps.One.TextsTo<Sms>(Rider)).Length >= 1 + granted, "a granted text never went");
        var toRider = await apps.One.TextsTo<Sms>(Rider);
        Assert.Equal(1 + granted, toRider.Length);
        Assert.Equal(toRider.Length, toRider.Select(t => t.Reference).Distinct().Count());
        Assert.Single(await apps.One.TextsTo<Sms>(Driver));
    }

    [Fact]
    public async Task A_request_repeated_under_its_Idempotency_Key_texts_nobody_again()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation(Rider, Driver)).Str("id");
        await http.Texted(id);

        var (first, _, firstReplayed) = await ResendTelling(http, id, new { participant = "userB" }, "lost-it-1");
        Assert.Equal((HttpStatusCode.Accepted, false), (first, firstReplayed));
        await http.Texted(id);
        // The backend never heard the 202 and sends the same request again: answered alike, said so, nothing sent.
        var (again, body, replayed) = await ResendTelling(http, id, new { participant = "userB" }, "lost-it-1");
        Assert.Equal((HttpStatusCode.Accepted, id, true), (again, body.Str("id"), replayed));
        var (other, refused) = await Resend(http, id, new { participant = "userA" }, "lost-it-1");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "The Idempotency-Key was used for a different request."), (other, refused.Str("title")));
        var (badKey, named) = await Resend(http, id, new { participant = "userB" }, "not a key");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badKey);
        Assert.True(named.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        // A new request afterwards is the next round: had the repeat sent one, this would be round three.
        await http.Texted(id);
        Assert.Equal(HttpStatusCode.Accepted, (await Resend(http, id, new { participant = "userB" }, "lost-it-2")).Status);
        await http.Texted(id);
        var n = Guid.Parse(id).ToString("N");
        Assert.Equal([$"{n}-b", $"{n}-b1", $"{n}-b2"], (await http.TextsTo<Sms>(Driver)).Select(t => t.Reference).Order());
        Assert.Single(await http.TextsTo<Sms>(Rider));
    }

    [Fact]
    public async Task An_ended_conversation_is_not_texted_again()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation(Rider, Driver)).Str("id");
        await http.Texted(id);
        (await http.DeleteAsync($"/conversations/{id}")).Dispose();

        var (status, body) = await Resend(http, id, new { participant = "userA" });
        Assert.Equal((HttpStatusCode.Conflict, "The conversation has ended."), (status, body.Str("title")));
        Assert.Single(await http.TextsTo<Sms>(Rider));
    }

    [Fact]
    public async Task A_participant_that_is_not_userA_or_userB_is_named_and_an_unknown_conversation_is_404()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation(Rider, Driver)).Str("id");
        foreach (var json in new[] { """{"participant":"userC"}""", """{"participant":"a"}""", """{"participant":null}""", "{}" })
        {
            using var response = await http.PostAsync($"/conversations/{id}/resend-text",
                new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await Api.Json(response)).GetProperty("errors").TryGetProperty("participant", out _), json);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Resend(http, Guid.NewGuid().ToString(), new { participant = "userA" })).Status);
    }
}
