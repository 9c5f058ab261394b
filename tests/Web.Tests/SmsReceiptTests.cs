using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Vonage's SMS delivery receipts (/webhooks/sms-status) settle the set-up texts: delivered or
/// undelivered, once, on the conversation's stream; anything else is answered 200 and dropped,
/// so Vonage never resends what we chose to drop.
/// </summary>
[Trait("Category", "Integration")]
public class SmsReceiptTests
{
    const string SmsSecret = "sms-signature-secret";

    static Dictionary<string, string?> Quiet(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["VoiceProxy:Sandbox:DeliveryReceipts"] = "false" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    static Dictionary<string, string> Receipt(string id, string side, string status, string err = "0") => new()
    {
        ["msisdn"] = "447911126001",
        ["to"] = "447700900123",
        ["network-code"] = "23410",
        ["messageId"] = $"0A00000{side}",
        ["price"] = "0.0333",
        ["status"] = status,
        ["scts"] = "2611250700",
        ["err-code"] = err,
        ["api-key"] = "abcd1234",
        ["message-timestamp"] = "2026-11-25 07:00:00",
        ["client-ref"] = $"{id.Replace("-", "")}-{side}",
    };

    static async Task<HttpStatusCode> PostJson(HttpClient http, Dictionary<string, string> fields)
    {
        using var response = await http.PostAsync("/webhooks/sms-status",
            new StringContent(JsonSerializer.Serialize(fields), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    [Fact]
    public async Task Receipts_in_each_form_Vonage_sends_settle_each_text_once_and_show_in_the_trail()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Quiet());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation("+447911126001", "+447400126001")).Str("id");
        await http.Texted(id);

        // JSON for userA, a form for userB, and GET once more for userA (a resend): 200 each time.
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, Receipt(id, "a", "delivered")));
        using (var form = await http.PostAsync("/webhooks/sms-status", new FormUrlEncodedContent(Receipt(id, "b", "expired", "5"))))
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var query = string.Join("&", Receipt(id, "a", "delivered").Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        using (var get = await http.GetAsync($"/webhooks/sms-status?{query}")) Assert.Equal(HttpStatusCode.OK, get.StatusCode);

        var read = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}");
        Assert.Equal(("delivered", "undelivered"), (read.Str("userA", "textStatus"), read.Str("userB", "textStatus")));
        var trail = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events");
        var types = trail.EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Equal(1, types.Count(t => t == "text_delivered"));
        Assert.Equal(1, types.Count(t => t == "text_undelivered"));
    }

    [Fact]
    public async Task The_listing_finds_conversations_by_either_participants_text_status()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Quiet());
        using var http = app.CreateClient();
        var ids = new List<string>();
        foreach (var i in new[] { 1, 2, 3 })
        {
            ids.Add((await http.CreatedConversation($"+44791112610{i}", $"+44740012610{i}")).Str("id"));
            await http.Texted(ids[^1]);
        }
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, Receipt(ids[1], "b", "expired", "5")));
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, Receipt(ids[2], "a", "delivered")));

        async Task<string[]> Listed(string textStatus) =>
            (await http.GetFromJsonAsync<JsonElement>($"/conversations?textStatus={textStatus}")).GetProperty("items")
                .EnumerateArray().Select(c => c.Str("id")).ToArray();
        Assert.Equal([ids[1]], await Listed("undelivered"));
        Assert.Equal([ids[2]], await Listed("delivered"));
        Assert.Equal(ids, await Listed("sent"));
        Assert.Empty(await Listed("failed"));
        using var bad = await http.GetAsync("/conversations?textStatus=lost");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("textStatus", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messageId":"x","status":"delivered","client-ref":"not-ours"}""")]
    [InlineData("""{"status":"delivered"}""")]
    [InlineData("""not json""")]
    [InlineData("""{"messageId":"x","messageId":"y","status":"delivered"}""")]
    public async Task A_receipt_that_is_not_ours_or_not_readable_is_answered_200_and_dropped(string body)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Quiet());
        using var http = app.CreateClient();
        using var response = await http.PostAsync("/webhooks/sms-status", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("md5hash")]
    [InlineData("sha256")]
    public async Task With_an_sms_signature_secret_only_a_signed_fresh_receipt_is_recorded(string method)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            Quiet(("Vonage:SmsSignatureSecret", SmsSecret), ("Vonage:SmsSignatureMethod", method)));
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation("+447911126002", "+447400126002")).Str("id");
        await http.Texted(id);

        var unsigned = Receipt(id, "a", "delivered");
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, unsigned));
        var stale = Signed(Receipt(id, "a", "delivered"), method, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, stale));
        var forged = Signed(Receipt(id, "a", "delivered"), method, DateTimeOffset.UtcNow);
        forged["status"] = "failed";
        Assert.Equal(HttpStatusCode.OK, await PostJson(http, forged));
        Assert.Equal("sent", (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}")).Str("userA", "textStatus"));

        Assert.Equal(HttpStatusCode.OK, await PostJson(http, Signed(Receipt(id, "a", "delivered"), method, DateTimeOffset.UtcNow)));
        Assert.Equal("delivered", (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}")).Str("userA", "textStatus"));
    }

    static Dictionary<string, string> Signed(Dictionary<string, string> fields, string method, DateTimeOffset at)
    {
        fields["timestamp"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["sig"] = SmsSignature.Sign(fields, SmsSecret, method);
        return fields;
    }

    [Fact]
    public void The_signature_matches_vonages_own_md5hash_recipe()
    {
        // md5("&a=1&b=x_y_z" + secret): sorted keys, & and = in values replaced by _.
        var fields = new Dictionary<string, string> { ["b"] = "x&y=z", ["a"] = "1", ["sig"] = "ignored" };
#pragma warning disable CA5351 // Vonage's md5hash method, checked, not chosen.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes("&a=1&b=x_y_z" + SmsSecret)));
#pragma warning restore CA5351
        Assert.Equal(expected, SmsSignature.Sign(fields, SmsSecret, "md5hash"));
    }
}
