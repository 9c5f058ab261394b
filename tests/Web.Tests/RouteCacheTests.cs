using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The route cache stays correct across instances: a conversation closed on one instance stops
/// routing on every other within a bound (documented: notification at commit, milliseconds in
/// practice; this test allows 2 s so a loaded CI machine cannot make it flaky).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RouteCacheTests : IAsyncLifetime
{
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    VoiceProxyApp first = null!, second = null!;
    HttpClient one = null!, two = null!;

    public async Task InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabase();
        (first, second) = (new VoiceProxyApp(database), new VoiceProxyApp(database));
        first.StartServer();
        second.StartServer();
        (one, two) = (first.CreateClient(), second.CreateClient());
        foreach (var app in new[] { first, second })
            await Until(() => Cache(app).IsListening, "the route change listener never started");
    }

    static RouteCache Cache(VoiceProxyApp app) => app.Services.GetRequiredService<RouteCache>();

    [Fact]
    public async Task A_conversation_closed_on_one_instance_stops_routing_on_the_other_within_the_bound()
    {
        var c = await one.CreatedConversation("+447400660001", "+447400660002");
        var (a, vb) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")));
        Assert.Equal("connect", (await one.Answer(a, vb))[1].Str("action"));
        Assert.True(Cache(first).TryGet($"{a}:{vb}", out _), "the first instance should now answer from memory");

        using (await two.DeleteAsync($"/conversations/{c.Str("id")}")) { }
        var clock = Stopwatch.StartNew();
        await Until(async () => (await one.Answer(a, vb)).GetRawText() == Ended, "the first instance kept routing a closed conversation");
        Assert.True(clock.Elapsed < Bound);
        Assert.False(Cache(first).TryGet($"{a}:{vb}", out _));
    }

    [Fact]
    public async Task A_new_conversation_on_the_other_instance_routes_at_once()
    {
        // Only found routes are cached, never "no route": a miss on one instance cannot hide a
        // conversation just created on another.
        Assert.Equal(Refusal, (await one.Answer("447400660011", "447700900000")).GetRawText());
        var c = await two.CreatedConversation("+447400660011", "+447400660012");
        Assert.Equal("connect", (await one.Answer("447400660011", Digits(c.Str("userB", "virtualNumber"))))[1].Str("action"));
    }

    static async Task Until(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, failure);
            await Task.Delay(10);
        }
    }

    static Task Until(Func<bool> condition, string failure) => Until(() => Task.FromResult(condition()), failure);

    public async Task DisposeAsync()
    {
        one.Dispose();
        two.Dispose();
        await first.DisposeAsync();
        await second.DisposeAsync();
    }
}
