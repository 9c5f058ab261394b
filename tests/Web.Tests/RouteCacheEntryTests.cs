using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Tests;

/// <summary>The route cache keeps routes compactly (numbers as integers); what it serves must be what it was given.</summary>
public class RouteCacheEntryTests
{
    static PhoneNumber N(string e164) => StoredNumber.Parse(e164);

    static RouteCache Listening()
    {
        var cache = new RouteCache(Options.Create(new RouteCacheOptions()));
        cache.Listening();
        return cache;
    }

    [Fact]
    public void A_cached_route_gives_back_its_conversation_exactly()
    {
        var opened = new ConversationEvent.Opened(Guid.NewGuid(),
            new Participant(N("+447400123456"), N("+447700900001")),
            new Participant(N("+12025550123"), N("+447700900002")),
            new DateTimeOffset(2026, 11, 24, 3, 0, 0, 123, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 24, 5, 0, 0, 0, TimeSpan.FromHours(1)));
        var cache = Listening();
        foreach (var route in ProxyRoute.Of(opened)) cache.Offer(route.Id, route, cache.Epoch);

        foreach (var route in ProxyRoute.Of(opened))
        {
            Assert.True(cache.TryGet(route.Id, out var c));
            Assert.Equal(opened.ConversationId, c!.Id);
            Assert.Equal(ConversationStatus.Active, c.Status);
            Assert.Equal(opened.A, c.A);
            Assert.Equal(opened.B, c.B);
            Assert.Equal(opened.OpenedAt, c.CreatedAt);
            Assert.Equal(opened.ExpiresAt, c.ExpiresAt); // the same instant, whatever the offset
        }

        cache.Ended(ProxyRoute.Of(opened)[0].Id);
        Assert.False(cache.TryGet(ProxyRoute.Of(opened)[0].Id, out _));
        Assert.True(cache.TryGet(ProxyRoute.Of(opened)[1].Id, out _));
    }

    [Fact]
    public void A_route_offered_while_another_ended_is_not_kept()
    {
        var opened = new ConversationEvent.Opened(Guid.NewGuid(),
            new Participant(N("+447400123456"), N("+447700900001")),
            new Participant(N("+447400123457"), N("+447700900002")),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));
        var cache = Listening();
        var route = ProxyRoute.Of(opened)[0];
        var epoch = cache.Epoch;
        cache.Ended("447400000000:447700900009"); // some route ends while this one is being read
        cache.Offer(route.Id, route, epoch);
        Assert.False(cache.TryGet(route.Id, out _));
    }
}
