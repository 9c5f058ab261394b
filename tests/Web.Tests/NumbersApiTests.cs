using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

public sealed class SmallPoolFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["VoiceProxy:Sandbox:PoolSize"] = "3",
    };
}

/// <summary>The pool endpoints, against a pool of three sandbox numbers.</summary>
[Trait("Category", "Integration")]
public class NumbersApiTests(SmallPoolFixture api) : IClassFixture<SmallPoolFixture>
{
    [Fact]
    public async Task Adding_lists_refuses_duplicates_and_invalid_numbers()
    {
        using var added = await api.Http.PostAsJsonAsync("/numbers", new { number = "+447700900990" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("GB", (await Api.Json(added)).Str("country"));
        using var again = await api.Http.PostAsJsonAsync("/numbers", new { number = "447700900990" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var invalid = await api.Http.PostAsJsonAsync("/numbers", new { number = "+44 12" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        using var wrongCountry = await api.Http.PostAsJsonAsync("/numbers", new { number = "+447700900991", country = "FR" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongCountry.StatusCode);

        var listed = await api.Http.GetFromJsonAsync<JsonElement>("/numbers");
        Assert.Contains("+447700900990", listed.EnumerateArray().Select(n => n.Str("number")));
        (await api.Http.DeleteAsync("/numbers/447700900990")).Dispose();
    }

    [Fact]
    public async Task Reserved_numbers_are_never_assigned_and_numbers_in_use_cannot_be_released()
    {
        foreach (var n in new[] { "447700900000", "447700900001" })
            (await api.Http.PatchAsJsonAsync($"/numbers/{n}", new { reserved = true })).Dispose();
        try
        {
            var c = await api.Http.CreatedConversation("+447400500001", "+447400500002");
            Assert.Equal("+447700900002", c.Str("userA", "virtualNumber"));
            Assert.Equal("+447700900002", c.Str("userB", "virtualNumber"));

            var listed = await api.Http.GetFromJsonAsync<JsonElement>("/numbers");
            var used = listed.EnumerateArray().Single(n => n.Str("number") == "+447700900002");
            Assert.Equal(1, used.GetProperty("inUse").GetInt64());

            using var refused = await api.Http.DeleteAsync("/numbers/%2B447700900002");
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            (await api.Http.DeleteAsync($"/conversations/{c.Str("id")}")).Dispose();
        }
        finally
        {
            foreach (var n in new[] { "447700900000", "447700900001" })
                (await api.Http.PatchAsJsonAsync($"/numbers/{n}", new { reserved = false })).Dispose();
        }
    }

    [Fact]
    public async Task Provisioning_in_the_sandbox_mints_numbers_of_that_country_and_release_removes_them()
    {
        using var response = await api.Http.PostAsJsonAsync("/numbers/provision", new { country = "FR", count = 2 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var minted = (await Api.Json(response)).EnumerateArray().Select(n => n.Str("number")).ToList();
        Assert.Equal(2, minted.Count);
        Assert.All(minted, n => Assert.StartsWith("+33", n));
        foreach (var n in minted)
        {
            using var released = await api.Http.DeleteAsync($"/numbers/{Uri.EscapeDataString(n)}");
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }
        using var gone = await api.Http.DeleteAsync($"/numbers/{Uri.EscapeDataString(minted[0])}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("""{"country":"XX","count":1}""", "country")]
    [InlineData("""{"country":"GB","count":0}""", "count")]
    [InlineData("""{"country":"GB","count":1,"features":["FAX"]}""", "features")]
    public async Task Provisioning_names_the_wrong_field(string body, string field)
    {
        using var response = await api.Http.PostAsync("/numbers/provision",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await Api.Json(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_pair_who_talked_before_get_their_numbers_again()
    {
        var first = await api.Http.CreatedConversation("+447400600001", "+447400600002");
        (await api.Http.DeleteAsync($"/conversations/{first.Str("id")}")).Dispose();
        var again = await api.Http.CreatedConversation("+447400600002", "+447400600001");
        Assert.Equal(first.Str("userA", "virtualNumber"), again.Str("userB", "virtualNumber"));
        Assert.Equal(first.Str("userB", "virtualNumber"), again.Str("userA", "virtualNumber"));
        (await api.Http.DeleteAsync($"/conversations/{again.Str("id")}")).Dispose();
    }
}
