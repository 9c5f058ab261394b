using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

[Trait("Category", "Integration")]
public class ListingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    const string Hub = "+447400970000";

    [Fact]
    public async Task Paging_returns_every_conversation_once_and_filters_by_status()
    {
        var created = new List<string>();
        for (var i = 1; i <= 23; i++)
            created.Add((await api.Http.CreatedConversation(Hub, $"+4474009700{i:00}")).Str("id"));
        (await api.Http.DeleteAsync($"/conversations/{created[4]}")).Dispose();
        await api.Http.CreatedConversation("+447400971111", "+447400972222"); // someone else's

        var seen = new List<string>();
        string? next = null;
        do
        {
            var page = await api.Http.GetFromJsonAsync<JsonElement>(
                $"/conversations?participant={Uri.EscapeDataString(Hub)}&limit=5{(next is null ? "" : $"&after={next}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.Str("id")));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.Str("next");
        } while (next is not null);
        Assert.Equal(created, seen);

        var closed = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations?participant=447400970000&status=closed");
        Assert.Equal([created[4]], closed.GetProperty("items").EnumerateArray().Select(c => c.Str("id")));
        var active = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations?participant=07400970000&status=active&limit=200");
        Assert.Equal(22, active.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_query_parameters_are_a_422_naming_each()
    {
        using var response = await api.Http.GetAsync("/conversations?status=open&limit=0&after=x&participant=abc");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await Api.Json(response)).GetProperty("errors");
        Assert.Equal(["after", "limit", "participant", "status"], errors.EnumerateObject().Select(p => p.Name).Order());
    }
}
