using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

public sealed class AutoProvisionFixture : ApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["VoiceProxy:Sandbox:PoolSize"] = "1",
        ["VoiceProxy:Pool:AutoProvision"] = "true",
        ["VoiceProxy:Pool:MaxSize"] = "3",
    };
}

[Trait("Category", "Integration")]
public class AutoProvisionTests(AutoProvisionFixture api) : IClassFixture<AutoProvisionFixture>
{
    [Fact]
    public async Task A_participant_with_no_free_number_gets_one_rented_up_to_the_maximum()
    {
        var hub = "+447400800000";
        for (var i = 1; i <= 3; i++) await api.Http.CreatedConversation(hub, $"+44740080000{i}");
        var (status, problem) = await api.Http.CreateConversation(new { userA = hub, userB = "+447400800004" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("+44 •••• ••••00", problem.Str("detail"));
        Assert.DoesNotContain("7400800000", problem.GetRawText());
        var pool = await api.Http.GetFromJsonAsync<JsonElement>("/numbers");
        Assert.Equal(3, pool.GetArrayLength());
        Assert.All(pool.EnumerateArray(), n => Assert.Equal("GB", n.Str("country")));
    }
}
