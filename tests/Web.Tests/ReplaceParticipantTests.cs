using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// PATCH /conversations/{id} with userA or userB: a reassigned driver is swapped in. The replaced
/// person's calls stop at once on every instance, the newcomer reaches the counterpart (and back)
/// and is texted; the counterpart keeps the number in their phone.
/// </summary>
[Trait("Category", "Integration")]
public class ReplaceParticipantTests
{
    const string Rider = "+447911131001", Driver = "+447400131001", NewDriver = "+447400131002";

    sealed record Sms(string From, string To, string Text, string? Reference);

    [Fact]
    public async Task The_new_driver_takes_the_old_one_s_place_on_every_instance_and_is_texted()
    {
        await using var apps = await TwoInstances.Start();
        var created = await apps.One.CreatedConversation(Rider, Driver);
        var (id, ridersVirtual, driversVirtual) = (created.Str("id"), created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        await apps.One.Texted(id);
        // Both instances hold the old routes in memory.
        foreach (var app in new[] { apps.One, apps.Two })
        {
            AssertConnects(await app.Answer(Digits(Driver), Digits(ridersVirtual)), driversVirtual, Rider, id);
            AssertConnects(await app.Answer(Digits(Rider), Digits(driversVirtual)), ridersVirtual, Driver, id);
        }

        var (status, body) = await apps.One.PatchConversation(id, $$"""{"userB":"{{NewDriver}}","ttlSeconds":600}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((NewDriver, ridersVirtual), (body.Str("userB", "number"), body.Str("userA", "virtualNumber")));
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(11));
        var newDriversVirtual = body.Str("userB", "virtualNumber");
        // The number in the rider's phone goes on working: the pool had it free for the new driver.
        Assert.Equal(driversVirtual, newDriversVirtual);

        // On the instance that answered: at once. On the other: within the notification's few ms.
        Assert.Equal(Refusal, (await apps.One.Answer(Digits(Driver), Digits(ridersVirtual))).GetRawText());
        AssertConnects(await apps.One.Answer(Digits(Rider), Digits(driversVirtual)), ridersVirtual, NewDriver, id);
        await TwoInstances.Until(async () => (await apps.Two.Answer(Digits(Driver), Digits(ridersVirtual))).GetRawText() == Refusal,
            "the other instance still connects the replaced driver");
        AssertConnects(await apps.Two.Answer(Digits(Rider), Digits(driversVirtual)), ridersVirtual, NewDriver, id);
        AssertConnects(await apps.Two.Answer(Digits(NewDriver), Digits(ridersVirtual)), newDriversVirtual, Rider, id);

        // The new driver is texted the rider's number, once, under a reference of its own; the rider is not texted again.
        var texted = await apps.One.Texted(id);
        Assert.Equal("sent", texted.Str("userB", "textStatus"));
        var toNewDriver = Assert.Single(await apps.One.TextsTo<Sms>(NewDriver));
        Assert.Contains(ridersVirtual, toNewDriver.Text);
        Assert.Equal($"{Guid.Parse(id):N}-b1", toNewDriver.Reference);
        Assert.Single(await apps.One.TextsTo<Sms>(Rider));

        var trail = await apps.Two.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events");
        Assert.Contains(trail.EnumerateArray(), e => e.Str("type") == "participant_replaced");
        // Listed under the new driver, no longer under the old one.
        var byNew = await apps.One.GetFromJsonAsync<JsonElement>($"/conversations?participant={Uri.EscapeDataString(NewDriver)}");
        Assert.Single(byNew.GetProperty("items").EnumerateArray());
        var byOld = await apps.One.GetFromJsonAsync<JsonElement>($"/conversations?participant={Uri.EscapeDataString(Driver)}");
        Assert.Empty(byOld.GetProperty("items").EnumerateArray());
    }

    static VoiceProxyApp WithPool(string database, int size) =>
        new(database, new Dictionary<string, string?> { ["VoiceProxy:Sandbox:PoolSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task A_newcomer_who_already_dials_the_counterpart_s_number_gets_them_another()
    {
        await using var app = WithPool(await TestPostgres.CreateDatabase(), 2);
        using var http = app.CreateClient();
        var other = await http.CreatedConversation("+447911131004", NewDriver);
        var first = await http.CreatedConversation("+447911131003", "+447400131003");
        var (id, ridersVirtual, dialedByNewDriver) = (first.Str("id"), first.Str("userA", "virtualNumber"), other.Str("userA", "virtualNumber"));

        var (status, body) = await http.PatchConversation(id, $$"""{"userB":"{{NewDriver}}"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        // Kept unless the new driver already dials it elsewhere (invariant 1); then the pool's other number.
        var ridersNow = body.Str("userA", "virtualNumber");
        if (ridersVirtual == dialedByNewDriver) Assert.NotEqual(ridersVirtual, ridersNow);
        else Assert.Equal(ridersVirtual, ridersNow);
        AssertConnects(await http.Answer(Digits(NewDriver), Digits(ridersNow)), body.Str("userB", "virtualNumber"), "+447911131003", id);
        AssertConnects(await http.Answer(Digits(NewDriver), Digits(dialedByNewDriver)), other.Str("userB", "virtualNumber"),
            "+447911131004", other.Str("id"));
    }

    [Fact]
    public async Task With_no_number_free_for_the_newcomer_nothing_changes()
    {
        // One number: the new driver dials it already, so the rider would need another.
        await using var app = WithPool(await TestPostgres.CreateDatabase(), 1);
        using var http = app.CreateClient();
        await http.CreatedConversation("+447911131007", NewDriver);
        var first = await http.CreatedConversation("+447911131008", "+447400131008");
        var id = first.Str("id");

        var (status, body) = await http.PatchConversation(id, $$"""{"userB":"{{NewDriver}}"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("No virtual number is free.", body.Str("title"));
        AssertConnects(await http.Answer("447400131008", Digits(first.Str("userA", "virtualNumber"))),
            first.Str("userB", "virtualNumber"), "+447911131008", id);
        Assert.Equal("+447400131008", (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}")).Str("userB", "number"));
    }

    [Theory]
    [InlineData("""{"userB":"not a number"}""", "userB")]
    [InlineData("""{"userB":null}""", "userB")]
    [InlineData("""{"userA":"+447400131099","userB":"+447400131098"}""", "userB")]
    [InlineData("""{"userB":"+447911131005"}""", "userB")] // the counterpart
    public async Task A_wrong_newcomer_is_named(string json, string field)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation("+447911131005", "+447400131005")).Str("id");
        var (status, body) = await http.PatchConversation(id, json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task An_ended_conversation_cannot_take_a_newcomer_and_an_unknown_one_is_404()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation("+447911131006", "+447400131006")).Str("id");
        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PatchConversation(id, $$"""{"userB":"{{NewDriver}}"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PatchConversation(Guid.NewGuid().ToString(), $$"""{"userB":"{{NewDriver}}"}""")).Status);
    }
}
