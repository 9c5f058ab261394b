using System.Net;
using System.Net.Http.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Number selection by place, over HTTP: a North American participant is given a virtual number
/// with their area code, else from their state, else from their country (the New York
/// pair who got a New Jersey number).
/// </summary>
[Trait("Category", "Integration")]
public class NearestNumberTests
{
    [Fact]
    public async Task A_New_York_pair_gets_a_New_York_number_rather_than_a_New_Jersey_one()
    {
        // One UK number in the sandbox pool, and two US ones added: New Jersey (201) and New York (646).
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            new Dictionary<string, string?> { ["VoiceProxy:Sandbox:PoolSize"] = "1" });
        using var http = app.CreateClient();
        foreach (var number in new[] { "+12015550152", "+16465550151" })
            using (var added = await http.PostAsJsonAsync("/numbers", new { number }))
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var created = await http.CreatedConversation("+12125550101", "+19175550102");
        Assert.Equal(("+16465550151", "+16465550151"), (created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber")));

        // With a number in their own area code free, the Manhattan caller dials that one.
        using (var added = await http.PostAsJsonAsync("/numbers", new { number = "+12125550150" }))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var again = await http.CreatedConversation("+19175550103", "+12125550104");
        Assert.Equal("+12125550150", again.Str("userA", "virtualNumber")); // dialed by userB, in 212
    }
}
