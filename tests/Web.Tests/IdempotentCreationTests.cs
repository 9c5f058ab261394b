using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// A backend retries a creation it never heard back from (a timeout, a double click): under one
/// Idempotency-Key that makes one conversation and texts each user once.
/// </summary>
[Trait("Category", "Integration")]
public class IdempotentCreationTests
{
    static Task<(HttpStatusCode Status, string Body, bool Replayed)> Create(HttpClient http, string key, object body) =>
        Post(http, "/conversations", key, body);

    static Task<(HttpStatusCode Status, string Body, bool Replayed)> Provision(HttpClient http, string key, object body) =>
        Post(http, "/numbers/provision", key, body);

    static async Task<(HttpStatusCode Status, string Body, bool Replayed)> Post(HttpClient http, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true");
    }

    [Fact]
    public async Task Twenty_parallel_creations_under_one_key_through_two_instances_make_one_conversation_and_one_pair_of_texts()
    {
        var database = await TestPostgres.CreateDatabase();
        await using var first = new VoiceProxyApp(database);
        await using var second = new VoiceProxyApp(database);
        first.StartServer();
        second.StartServer();
        using var one = first.CreateClient();
        using var two = second.CreateClient();
        var body = new { userA = "+447911123001", userB = "+447911123002", reference = "ride-1" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Create(i % 2 == 0 ? one : two, "ride-1-create", body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(19, answers.Count(a => a.Replayed));
        var id = JsonDocument.Parse(answers[0].Body).RootElement.Str("id");
        await one.Texted(id);
        await using var session = first.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(1, await session.Query<Conversation>().CountAsync());
        var texts = await session.Query<SandboxMessage>().ToListAsync();
        Assert.Equal(["447911123001", "447911123002"], texts.Select(t => t.To).Order().ToArray());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_naming_the_key_and_a_later_retry_replays()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var created = await Create(http, "order-7", new { userA = "+447911123003", userB = "+447911123004" });
        Assert.Equal((HttpStatusCode.Created, false), (created.Status, created.Replayed));

        var other = await Create(http, "order-7", new { userA = "+447911123003", userB = "+447911123005" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains("order-7", other.Body, StringComparison.Ordinal);

        var id = JsonDocument.Parse(created.Body).RootElement.Str("id");
        await http.Texted(id);
        var again = await Create(http, "order-7", new { userA = "+447911123003", userB = "+447911123004" });
        Assert.Equal((HttpStatusCode.Created, true, created.Body), (again.Status, again.Replayed, again.Body));
        var fresh = await Create(http, "order-8", new { userA = "+447911123003", userB = "+447911123004" });
        Assert.Equal(HttpStatusCode.Created, fresh.Status);
        Assert.NotEqual(id, JsonDocument.Parse(fresh.Body).RootElement.Str("id"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task A_malformed_key_is_a_422_naming_the_header(string key)
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var answer = await Create(http, key, new { userA = "+447911123003", userB = "+447911123004" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.Status);
        Assert.Contains("Idempotency-Key", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_is_stored_shown_and_filterable()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            new Dictionary<string, string?> { ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret });
        using var http = app.CreateClient();
        // Port 9 (discard): nothing listens, so its callbacks wait and retry.
        var (status, body) = await http.CreateConversation(new
        {
            userA = "+447911123006",
            userB = "+447911123007",
            reference = "order-99",
            callbackUrl = "http://127.0.0.1:9/hooks",
        });
        Assert.True(HttpStatusCode.Created == status, body.ToString());
        Assert.Equal(("order-99", "http://127.0.0.1:9/hooks"), (body.Str("reference"), body.Str("callbackUrl")));
        await http.CreatedConversation("+447911123008", "+447911123009");

        var page = await http.GetFromJsonAsync<JsonElement>("/conversations?reference=order-99");
        Assert.Equal([body.Str("id")], page.GetProperty("items").EnumerateArray().Select(c => c.Str("id")).ToArray());
        var bad = await http.CreateConversation(new { userA = "+447911123006", userB = "+447911123010", callbackUrl = "ftp://x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.True(bad.Body.GetProperty("errors").TryGetProperty("callbackUrl", out _));
    }

    [Fact]
    public async Task Parallel_provisionings_under_one_key_through_two_instances_rent_once()
    {
        var database = await TestPostgres.CreateDatabase();
        await using var first = new VoiceProxyApp(database);
        await using var second = new VoiceProxyApp(database);
        first.StartServer();
        second.StartServer();
        using var one = first.CreateClient();
        using var two = second.CreateClient();
        var before = (await one.GetFromJsonAsync<JsonElement>("/numbers")).GetArrayLength();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Provision(i % 2 == 0 ? one : two, "grow-fr-1", new { country = "FR", count = 3 })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(5, answers.Count(a => a.Replayed));
        Assert.Equal(before + 3, (await one.GetFromJsonAsync<JsonElement>("/numbers")).GetArrayLength());
        var other = await Provision(one, "grow-fr-1", new { country = "FR", count = 4 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains("grow-fr-1", other.Body, StringComparison.Ordinal);
    }
}
