using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;
using Route = VoiceProxy.Core.Routing.Route;
using RouteKey = VoiceProxy.Core.Routing.RouteKey;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The route cache keeps routes compactly (numbers as integers); what it serves must be what it was
/// given, whether offered after a read or loaded whole; and a load never keeps a row a notification named.
/// </summary>
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

    static LoadedRoute Row(Route r, RouteKey key) => new(ProxyRoute.Key(key), r.ConversationId,
        Digits(r.A.Number), Digits(r.A.VirtualNumber), Digits(r.B.Number), Digits(r.B.VirtualNumber), r.ExpiresAt, r.Channels,
        r.Language, r.InterceptUrl);

    static ulong Digits(PhoneNumber n) => ulong.Parse(n.Digits, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_loaded_route_gives_back_its_route_exactly_from_either_side()
    {
        var route = Opened("+12025550124") with
        {
            Channels = Channels.Voice | Channels.Messages,
            Language = "es-ES",
            InterceptUrl = new Uri("https://backend.example/intercept"),
        };
        var cache = Listening();
        var load = cache.BeginLoad();
        foreach (var key in route.Keys) Assert.True(cache.Load(load, Row(route, key)));
        cache.EndLoad(load, complete: true);

        Assert.True(cache.Loaded);
        Assert.Equal(2, cache.Count);
        foreach (var key in route.Keys)
        {
            Assert.True(cache.TryGet(key, out var cached));
            Assert.Equal(route, cached);
        }
    }

    // The cached conversation keeps the channels, the language and its sides in the numbers'
    // spare top bytes: the longest numbers E.164 allows, every flag and the last language must
    // all come back untouched.
    [Theory]
    [InlineData("+999999999999999", "+999999999999998", "+999999999999997", "+999999999999996")]
    [InlineData("+100000000000000", "+999999999999999", "+12025550125", "+999999999999995")]
    public void A_route_of_the_longest_numbers_with_every_flag_comes_back_exactly(string a, string va, string b, string vb)
    {
        var route = new Route(Guid.NewGuid(), new Participant(N(a), N(va)), new Participant(N(b), N(vb)),
            DateTimeOffset.MaxValue.AddDays(-1), Ended: false, Channels.Voice | Channels.Messages,
            Language.Supported.Last, new Uri("https://backend.example/intercept"));
        var loaded = Listening();
        var load = loaded.BeginLoad();
        foreach (var key in route.Keys) Assert.True(loaded.Load(load, Row(route, key)));
        loaded.EndLoad(load, complete: true);
        var offered = Listening();
        foreach (var key in route.Keys) offered.Offer(key, route, offered.Epoch);

        foreach (var cache in new[] { loaded, offered })
            foreach (var key in route.Keys)
            {
                Assert.True(cache.TryGet(key, out var cached));
                Assert.Equal(route, cached);
            }
    }

    [Fact]
    public void A_load_does_not_keep_a_row_a_notification_named_after_it_began()
    {
        var (changed, untouched) = (Opened("+447400123462"), Opened("+447400123463"));
        var cache = Listening();
        var load = cache.BeginLoad();
        cache.Changed(ProxyRoute.Key(changed.Keys[0])); // committed after the load's snapshot read it
        cache.Load(load, Row(changed, changed.Keys[0]));
        cache.Load(load, Row(untouched, untouched.Keys[1]));
        cache.EndLoad(load, complete: true);

        Assert.False(cache.TryGet(changed.Keys[0], out _));
        Assert.True(cache.TryGet(untouched.Keys[1], out _));
    }

    [Fact]
    public void A_load_never_replaces_a_route_read_later_by_a_call()
    {
        var offered = Opened("+447400123464");
        var older = offered with { ExpiresAt = offered.ExpiresAt.AddDays(-1) };
        var cache = Listening();
        var load = cache.BeginLoad();
        cache.Offer(offered.Keys[0], offered, cache.Epoch);
        cache.Load(load, Row(older, older.Keys[0]));

        Assert.True(cache.TryGet(offered.Keys[0], out var cached));
        Assert.Equal(offered.ExpiresAt, cached!.ExpiresAt);
    }

    [Fact]
    public void A_load_overtaken_by_a_lost_listener_stops_and_does_not_make_the_instance_ready()
    {
        var route = Opened("+447400123465");
        var cache = Listening();
        Assert.False(cache.Loaded);
        var load = cache.BeginLoad();
        cache.NotListening();
        Assert.False(cache.Load(load, Row(route, route.Keys[0])), "the load should stop");
        cache.EndLoad(load, complete: true);

        Assert.False(cache.Loaded);
        cache.Listening();
        Assert.False(cache.TryGet(route.Keys[0], out _));
    }

    [Fact]
    public void A_load_stops_at_the_configured_size()
    {
        var cache = new RouteCache(Options.Create(new RouteCacheOptions { MaxEntries = 3 }), new FakeTimeProvider());
        cache.Listening();
        var load = cache.BeginLoad();
        var routes = Enumerable.Range(0, 3).Select(i => Opened($"+44740012347{i}")).ToList();
        Assert.True(cache.Load(load, Row(routes[0], routes[0].Keys[0])));
        Assert.True(cache.Load(load, Row(routes[1], routes[1].Keys[1])));
        Assert.False(cache.Load(load, Row(routes[2], routes[2].Keys[1])), "full: the load should stop");
        cache.Offer(routes[0].Keys[1], routes[0], cache.Epoch);
        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(routes[0].Keys[1], out _), "full: nothing offered is kept");
    }

    [Fact]
    public async Task The_instance_is_ready_only_once_a_load_completed()
    {
        var cache = Listening();
        var check = new VoiceProxy.Web.Infrastructure.Hosting.RoutesLoadedHealthCheck(cache);
        async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus> Status() =>
            (await check.CheckHealthAsync(new(), CancellationToken.None)).Status;

        var load = cache.BeginLoad();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, await Status());
        cache.EndLoad(load, complete: false); // failed part-way: still not ready
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, await Status());
        load = cache.BeginLoad();
        cache.EndLoad(load, complete: true);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, await Status());
    }
}
