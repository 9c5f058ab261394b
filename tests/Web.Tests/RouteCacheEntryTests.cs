using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;
using Route = VoiceProxy.Core.Routing.Route;

namespace VoiceProxy.Web.Tests;

/// <summary>The route cache keeps routes compactly (numbers as integers); what it serves must be what it was given.</summary>
public class RouteCacheEntryTests
{
    static PhoneNumber N(string e164) => StoredNumber.Parse(e164);

    static RouteCache Listening(FakeTimeProvider? clock = null)
    {
        var cache = new RouteCache(Options.Create(new RouteCacheOptions { StaleForSeconds = 60 }), clock ?? new FakeTimeProvider());
        cache.Listening();
        return cache;
    }

    static Route Opened(string b) => new(Guid.NewGuid(),
        new Participant(N("+447400123456"), N("+447700900001")),
        new Participant(N(b), N("+447700900002")),
        new DateTimeOffset(2026, 11, 24, 5, 0, 0, 0, TimeSpan.FromHours(1)), Ended: false);

    [Fact]
    public void A_cached_route_gives_back_its_route_exactly()
    {
        var route = Opened("+12025550123");
        var cache = Listening();
        foreach (var key in route.Keys) cache.Offer(key, route, cache.Epoch);

        foreach (var key in route.Keys)
        {
            Assert.True(cache.TryGet(key, out var cached));
            Assert.Equal(route, cached); // the same instant, whatever the offset
        }

        cache.Changed(ProxyRoute.Key(route.Keys[0]));
        Assert.False(cache.TryGet(route.Keys[0], out _));
        Assert.True(cache.TryGet(route.Keys[1], out _));
    }

    [Fact]
    public void A_route_offered_while_another_changed_is_not_kept()
    {
        var route = Opened("+447400123457");
        var cache = Listening();
        var epoch = cache.Epoch;
        cache.Changed("447400000000:447700900009"); // some route changes while this one is being read
        cache.Offer(route.Keys[0], route, epoch);
        Assert.False(cache.TryGet(route.Keys[0], out _));
    }

    [Fact]
    public void Forgetting_a_route_evicts_both_directions_and_refuses_reads_begun_before()
    {
        var route = Opened("+447400123458");
        var cache = Listening();
        foreach (var key in route.Keys) cache.Offer(key, route, cache.Epoch);
        var epochOfARead = cache.Epoch;

        cache.Forget(route);
        cache.Offer(route.Keys[0], route, epochOfARead);

        Assert.All(route.Keys, key => Assert.False(cache.TryGet(key, out _)));
    }

    [Fact]
    public void Without_notifications_cached_routes_serve_until_the_stale_bound_and_take_nothing_new()
    {
        var clock = new FakeTimeProvider();
        var (kept, other) = (Opened("+447400123459"), Opened("+447400123460"));
        var cache = Listening(clock);
        cache.Offer(kept.Keys[0], kept, cache.Epoch);

        clock.Advance(TimeSpan.FromSeconds(5));
        cache.NotListening();
        cache.Offer(other.Keys[1], other, cache.Epoch); // (Keys[0] of both is the same A dialing the same number)
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(cache.TryGet(kept.Keys[0], out _), "still within the bound");
        Assert.False(cache.TryGet(other.Keys[1], out _), "nothing is taken while not listening");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.TryGet(kept.Keys[0], out _), "past the bound");
    }

    [Fact]
    public void Hearing_the_database_again_starts_afresh()
    {
        var route = Opened("+447400123461");
        var cache = Listening();
        cache.Offer(route.Keys[0], route, cache.Epoch);
        cache.NotListening();
        cache.Listening();
        Assert.False(cache.TryGet(route.Keys[0], out _));
    }
}
