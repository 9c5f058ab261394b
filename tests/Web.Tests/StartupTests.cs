using System.Net;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>Start-up on a fresh database: the schema is applied once, before anything serves.</summary>
[Trait("Category", "Integration")]
public class StartupTests
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")] // no lazy table creation there: start-up must apply everything
    public async Task Two_instances_starting_together_on_an_empty_database_both_start_and_serve(string environment)
    {
        var database = await TestPostgres.CreateDatabase();
        var settings = VoiceProxyApp.OpenProduction();
        await using var first = new VoiceProxyApp(database, settings, environment: environment);
        await using var second = new VoiceProxyApp(database, settings, environment: environment);

        await Task.WhenAll(Task.Run(first.StartServer), Task.Run(second.StartServer));

        var (one, two) = (first.CreateClient(), second.CreateClient());
        var created = await one.CreatedConversation("+447400550001", "+447400550002");
        using var read = await two.GetAsync($"/conversations/{created.Str("id")}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await TwoInstances.UntilReady(two);
    }
}
