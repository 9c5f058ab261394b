using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>The HTTP API as a marketplace backend and as Vonage use it, over real HTTP.</summary>
public static class Api
{
    /// <summary>POSTs a JSON body as a webhook sender does, and insists it was taken (2xx).</summary>
    public static async Task PostTaken(this HttpClient http, string path, object body)
    {
        using var response = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> CreateConversation(
        this HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/conversations", body);
        return (response.StatusCode, await Json(response));
    }

    /// <summary>PATCH /conversations/{id} with a JSON merge patch.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PatchConversation(
        this HttpClient http, string id, string json, string type = "application/merge-patch+json")
    {
        using var response = await http.PatchAsync($"/conversations/{id}",
            new StringContent(json, System.Text.Encoding.UTF8, type));
        return (response.StatusCode, await Json(response));
    }

    public static async Task<JsonElement> CreatedConversation(this HttpClient http, string userA, string userB)
    {
        var (status, body) = await http.CreateConversation(new { userA, userB });
        Assert.True(status == HttpStatusCode.Created, $"create answered {status}: {body}");
        return body;
    }

    /// <summary>
    /// The conversation once both set-up texts have an outcome: they go out from the event
    /// store just after the 201, as a backend polling the conversation would see.
    /// </summary>
    public static async Task<JsonElement> Texted(this HttpClient http, string conversationId)
    {
        JsonElement read = default;
        await TwoInstances.Until(async () =>
        {
            read = await http.GetFromJsonAsync<JsonElement>($"/conversations/{conversationId}");
            return Settled(read.Str("userA", "textStatus")) && Settled(read.Str("userB", "textStatus"));
        }, $"the set-up texts of {conversationId} were not settled", TextBound);
        return read;
    }

    static bool Settled(string textStatus) => textStatus is "sent" or "failed" or "delivered" or "undelivered";

    /// <summary>The conversation once the sandbox's carrier has reported both set-up texts delivered.</summary>
    public static async Task<JsonElement> Delivered(this HttpClient http, string conversationId)
    {
        JsonElement read = default;
        await TwoInstances.Until(async () =>
        {
            read = await http.GetFromJsonAsync<JsonElement>($"/conversations/{conversationId}");
            return (read.Str("userA", "textStatus"), read.Str("userB", "textStatus")) == ("delivered", "delivered");
        }, $"the set-up texts of {conversationId} were not reported delivered", TextBound);
        return read;
    }

    /// <summary>
    /// Generous: a fresh app's daemon may first have to win the leadership poll (5 s), and the
    /// whole suite shares two cores.
    /// </summary>
    static readonly TimeSpan TextBound = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The sandbox's outbox: the texts sent to <paramref name="number"/> (any form the API takes),
    /// each read as <typeparamref name="T"/>, the test's own view of a text.
    /// </summary>
    public static async Task<T[]> TextsTo<T>(this HttpClient http, string number) =>
        await http.GetFromJsonAsync<T[]>($"/sandbox/messages?to={Uri.EscapeDataString(number)}") ?? [];

    /// <summary>Plays Vonage: calls the answer webhook and checks the NCCO against Vonage's schema.</summary>
    public static async Task<JsonElement> Answer(this HttpClient http, string from, string to)
    {
        using var response = await http.GetAsync(
            $"/webhooks/answer?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&uuid=u-1&conversation_uuid=CON-1");
        return await Ncco(response);
    }

    public static async Task<JsonElement> Ncco(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        NccoSchema.AssertValid(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Str(this JsonElement e, params string[] path) =>
        path.Aggregate(e, (at, name) => at.GetProperty(name)).GetString()!;

    /// <summary>The route key of a caller and the number they dial, both as Vonage sends them (digits).</summary>
    public static VoiceProxy.Core.Routing.RouteKey RouteKeyOf(string callerDigits, string dialedDigits) =>
        new(VoiceProxy.Web.Infrastructure.Persistence.StoredNumber.Parse("+" + callerDigits),
            VoiceProxy.Web.Infrastructure.Persistence.StoredNumber.Parse("+" + dialedDigits));

    /// <summary>Vonage's form of a number: digits only.</summary>
    public static string Digits(string e164) => e164.TrimStart('+');

    /// <summary>
    /// Asserts the NCCO connects the call: a greeting, then a connect showing
    /// <paramref name="callerIdE164"/> to <paramref name="destinationE164"/>, capped by the
    /// conversation's remaining life, with a synchronous eventUrl naming the conversation.
    /// </summary>
    public static void AssertConnects(JsonElement ncco, string callerIdE164, string destinationE164, string conversationId)
    {
        Assert.Equal(2, ncco.GetArrayLength());
        Assert.Equal(("talk", "Please wait while we connect your call."), (ncco[0].Str("action"), ncco[0].Str("text")));
        var connect = ncco[1];
        Assert.Equal("connect", connect.Str("action"));
        Assert.Equal(Digits(callerIdE164), connect.Str("from"));
        var endpoint = Assert.Single(connect.GetProperty("endpoint").EnumerateArray());
        Assert.Equal(("phone", Digits(destinationE164)), (endpoint.Str("type"), endpoint.Str("number")));
        Assert.InRange(connect.GetProperty("limit").GetInt32(), 1, 7200);
        Assert.Equal("synchronous", connect.Str("eventType"));
        Assert.EndsWith($"/webhooks/event?conversation={conversationId}",
            Assert.Single(connect.GetProperty("eventUrl").EnumerateArray()).GetString());
    }

    public const string Refusal = """[{"action":"talk","text":"Sorry, this number is not in service. Goodbye."}]""";

    public const string Ended = """[{"action":"talk","text":"Sorry, this conversation has ended. Goodbye."}]""";
}
