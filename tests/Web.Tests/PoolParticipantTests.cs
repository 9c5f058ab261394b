using System.Net;
using System.Net.Http.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>docs/architecture.md, invariant 4: a pool number is never a participant, nor the reverse.</summary>
[Trait("Category", "Integration")]
public class PoolParticipantTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_pool_and_the_participants_never_overlap_either_way()
    {
        var c = await api.Http.CreatedConversation("+447400772001", "+447400772002");
        using var participantAsPool = await api.Http.PostAsJsonAsync("/numbers", new { number = c.Str("userA", "number") });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, participantAsPool.StatusCode);
        var body = await participantAsPool.Content.ReadAsStringAsync();
        Assert.Contains("\"number\"", body);
        Assert.DoesNotContain("7400772001", body);
        var (status, _) = await api.Http.CreateConversation(new { userA = c.Str("userB", "virtualNumber"), userB = "+447400772003" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
    }
}
