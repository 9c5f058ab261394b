using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// An instance that starts on a database with active conversations holds all their routes before
/// it says it is ready, so its first calls need no database read; an ended one is not among them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RouteLoadTests : IAsyncLifetime
{
    TwoInstances apps = null!;

    public async Task InitializeAsync() => apps = await TwoInstances.Start();

    public async Task DisposeAsync() => await apps.DisposeAsync();

    static async Task<HttpClient> StartedAndReady(VoiceProxyApp app)
    {
        app.StartServer();
        var http = app.CreateClient();
        await TwoInstances.UntilReady(http);
        return http;
    }

    [Fact]
    public async Task A_started_instance_is_ready_only_with_every_active_route_in_memory()
    {
        var active = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            apps.One.CreatedConversation($"+44740067100{i}", $"+44740067200{i}")));
        var ended = await apps.One.CreatedConversation("+447400671009", "+447400672009");
        using (await apps.One.DeleteAsync($"/conversations/{ended.Str("id")}")) { }

        await using var restarted = new VoiceProxyApp(apps.Database);
        using var http = await StartedAndReady(restarted);

        var cache = restarted.Services.GetRequiredService<RouteCache>();
        Assert.True(cache.Loaded);
        foreach (var c in active)
        {
            Assert.True(cache.TryGet(RouteKeyOf(Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber"))), out var route));
            Assert.Equal(Guid.Parse(c.Str("id")), route!.ConversationId);
            Assert.True(cache.TryGet(RouteKeyOf(Digits(c.Str("userB", "number")), Digits(c.Str("userA", "virtualNumber"))), out _));
        }
        Assert.False(cache.TryGet(RouteKeyOf(Digits(ended.Str("userA", "number")), Digits(ended.Str("userB", "virtualNumber"))), out _));
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
        var routes = health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "routes");
        Assert.Equal("6 active routes in memory.", routes.GetProperty("description").GetString());
    }

    [Fact]
    public async Task More_routes_than_the_cache_holds_still_make_the_instance_ready_and_the_rest_connect()
    {
        var conversations = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            apps.One.CreatedConversation($"+44740067300{i}", $"+44740067400{i}")));

        await using var small = new VoiceProxyApp(apps.Database,
            new Dictionary<string, string?> { ["VoiceProxy:RouteCache:MaxEntries"] = "2" });
        using var http = await StartedAndReady(small);

        Assert.Equal(2, small.Services.GetRequiredService<RouteCache>().Count);
        foreach (var c in conversations)
            Assert.Equal("connect", (await http.Answer(Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber"))))[1].Str("action"));
    }
}
