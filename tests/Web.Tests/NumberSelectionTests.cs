using System.Net;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>numberSelection on creation: a pair who talked before get their numbers back (prefer-sticky) or new ones (avoid-sticky).</summary>
[Trait("Category", "Integration")]
public class NumberSelectionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    async Task<(string ForA, string ForB)> Talk(string a, string b, string? numberSelection)
    {
        var (status, created) = await api.Http.CreateConversation(new { userA = a, userB = b, numberSelection });
        Assert.Equal(HttpStatusCode.Created, status);
        using (var closed = await api.Http.DeleteAsync($"/conversations/{created.Str("id")}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        return (created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
    }

    [Fact]
    public async Task Prefer_sticky_gives_the_old_numbers_back_and_avoid_sticky_new_ones()
    {
        var first = await Talk("+447911132001", "+447400132001", null);
        Assert.Equal(first, await Talk("+447911132001", "+447400132001", "prefer-sticky"));
        var avoided = await Talk("+447911132001", "+447400132001", "avoid-sticky");
        Assert.NotEqual(first.ForA, avoided.ForA);
        Assert.NotEqual(first.ForB, avoided.ForB);
    }

    [Fact]
    public async Task An_unknown_selection_is_a_422()
    {
        var (status, body) = await api.Http.CreateConversation(new { userA = "+447911132002", userB = "+447400132002", numberSelection = "random" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("numberSelection", out _));
    }
}
