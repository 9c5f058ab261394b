using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;
using static VoiceProxy.Web.Tests.Infrastructure.TwoInstances;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The route cache stays correct across instances: a conversation closed on one instance stops
/// routing on every other within a bound (documented: notification at commit, milliseconds in
/// practice; <see cref="TwoInstances.Bound"/> allows more so a loaded CI machine cannot make it flaky).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RouteCacheTests : IAsyncLifetime
{
    TwoInstances apps = null!;

    public async Task InitializeAsync() => apps = await TwoInstances.Start();

    static RouteCache Cache(VoiceProxyApp app) => app.Services.GetRequiredService<RouteCache>();

    static RouteKey Key(string callerDigits, string dialedDigits) =>
        new(StoredNumber.Parse("+" + callerDigits), StoredNumber.Parse("+" + dialedDigits));

    [Fact]
    public async Task A_conversation_closed_on_one_instance_stops_routing_on_the_other_within_the_bound()
    {
        var c = await apps.One.CreatedConversation("+447400660001", "+447400660002");
        var (a, vb) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")));
        Assert.Equal("connect", (await apps.One.Answer(a, vb))[1].Str("action"));
        Assert.True(Cache(apps.First).TryGet(Key(a, vb), out _), "the first instance should now answer from memory");

        using (await apps.Two.DeleteAsync($"/conversations/{c.Str("id")}")) { }
        var clock = Stopwatch.StartNew();
        await Until(async () => (await apps.One.Answer(a, vb)).GetRawText() == Ended, "the first instance kept routing a closed conversation");
        Assert.True(clock.Elapsed < Bound);
        Assert.False(Cache(apps.First).TryGet(Key(a, vb), out _));
    }

    [Fact]
    public async Task A_new_conversation_on_the_other_instance_routes_at_once()
    {
        // Only found routes are cached, never "no route": a miss on one instance cannot hide a
        // conversation just created on another.
        Assert.Equal(Refusal, (await apps.One.Answer("447400660011", "447700900000")).GetRawText());
        var c = await apps.Two.CreatedConversation("+447400660011", "+447400660012");
        Assert.Equal("connect", (await apps.One.Answer("447400660011", Digits(c.Str("userB", "virtualNumber"))))[1].Str("action"));
    }

    public async Task DisposeAsync() => await apps.DisposeAsync();
}
