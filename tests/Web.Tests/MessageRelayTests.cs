using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Private SMS relay over HTTP: a participant of a message-carrying conversation texts the
/// other's virtual number (the sandbox plays Vonage), and the other gets it from the sender's
/// own virtual number; once per Vonage message id; never for outsiders or voice-only conversations.
/// </summary>
[Trait("Category", "Integration")]
public class MessageRelayTests
{
    const string Alice = "+447911131001";
    const string Bob = "+447400131001";

    sealed record Sms(string From, string To, string Text);

    static async Task<JsonElement> Text(HttpClient http, string from, string to, string text)
    {
        using var response = await http.PostAsJsonAsync("/sandbox/inbound-sms", new { from, to, text });
        var body = await Json(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(200, body.GetProperty("status").GetInt32());
        return body;
    }

    [Fact]
    public async Task A_text_reaches_the_other_participant_from_the_senders_virtual_number_once()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        app.StartServer();
        using var http = app.CreateClient();
        var (status, created) = await http.CreateConversation(new { userA = Alice, userB = Bob, mode = "voice-and-message" });
        Assert.Equal((HttpStatusCode.Created, "voice-and-message"), (status, created.Str("mode")));
        var (id, alicesVirtual, bobsVirtual) = (created.Str("id"), created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        await http.Texted(id);
        Assert.Contains("reply to this message", (await http.TextsTo<Sms>(Bob)).Single().Text, StringComparison.Ordinal);

        var sent = await Text(http, Alice, bobsVirtual, "Outside the blue door");
        var relayed = (await http.TextsTo<Sms>(Bob)).Where(m => m.Text == "Outside the blue door").ToList();
        Assert.Equal(Digits(alicesVirtual), Assert.Single(relayed).From);

        // Vonage sends it again (it thinks our 200 was lost): not relayed twice.
        var again = new Dictionary<string, string>
        {
            ["msisdn"] = Digits(Alice),
            ["to"] = Digits(bobsVirtual),
            ["messageId"] = sent.Str("messageId"),
            ["text"] = "Outside the blue door",
        };
        using (var resend = await http.PostAsync("/webhooks/inbound-sms", new FormUrlEncodedContent(again)))
            Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        Assert.Single(await http.TextsTo<Sms>(Bob), m => m.Text == "Outside the blue door");

        // And back: Bob's reply reaches Alice from his virtual number. The trail holds that it happened, not what was said.
        await Text(http, Bob, alicesVirtual, "Coming");
        Assert.Equal(Digits(bobsVirtual), (await http.TextsTo<Sms>(Alice)).Single(m => m.Text == "Coming").From);
        var trail = (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events")).EnumerateArray()
            .Where(e => e.Str("type") == "message_relayed").ToList();
        Assert.Equal(2, trail.Count);
        Assert.All(trail, e => Assert.DoesNotContain("Coming", e.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Voice_only_conversations_strangers_and_ended_conversations_relay_nothing_and_message_only_refuses_calls()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        app.StartServer();
        using var http = app.CreateClient();
        var voice = await http.CreatedConversation(Alice, Bob);
        await Text(http, Alice, voice.Str("userB", "virtualNumber"), "voice only");
        var (_, messages) = await http.CreateConversation(new { userA = "+447911131002", userB = "+447400131002", mode = "message" });
        await Text(http, "+447400131999", messages.Str("userB", "virtualNumber"), "stranger");
        using (var closed = await http.DeleteAsync($"/conversations/{messages.Str("id")}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await Text(http, "+447911131002", messages.Str("userB", "virtualNumber"), "too late");
        var outbox = (await http.GetFromJsonAsync<Sms[]>("/sandbox/messages"))!;
        Assert.DoesNotContain(outbox, m => m.Text is "voice only" or "stranger" or "too late");

        var (_, textOnly) = await http.CreateConversation(new { userA = "+447911131003", userB = "+447400131003", mode = "message" });
        var heard = await http.Answer(Digits("+447911131003"), Digits(textOnly.Str("userB", "virtualNumber")));
        Assert.Contains("text messages only", heard.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_sms_signature_secret_only_signed_texts_are_relayed()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), new Dictionary<string, string?>
        {
            ["Vonage:SmsSignatureSecret"] = "sms-secret",
            ["Vonage:SmsSignatureMethod"] = "sha256",
        });
        app.StartServer();
        using var http = app.CreateClient();
        var (_, created) = await http.CreateConversation(new { userA = Alice, userB = Bob, mode = "message" });
        var bobsVirtual = created.Str("userB", "virtualNumber");
        var forged = new Dictionary<string, string> { ["msisdn"] = Digits(Alice), ["to"] = Digits(bobsVirtual), ["messageId"] = "forged-1", ["text"] = "forged" };
        using (var response = await http.PostAsync("/webhooks/inbound-sms", new FormUrlEncodedContent(forged)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Text(http, Alice, bobsVirtual, "signed");
        var texts = (await http.TextsTo<Sms>(Bob)).Select(m => m.Text).ToList();
        Assert.Contains("signed", texts);
        Assert.DoesNotContain("forged", texts);
    }

    [Fact]
    public async Task An_unknown_mode_is_a_422()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var (status, body) = await http.CreateConversation(new { userA = Alice, userB = Bob, mode = "sms" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("mode", out _));
    }
}
