using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;
using Route = VoiceProxy.Core.Routing.Route;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The route cache's storage shares one conversation between its two routes and finds routes by
/// open addressing: whatever is set and removed, in any order, it must hold exactly what a plain
/// dictionary of routes would.
/// </summary>
public class CachedRoutesTests
{
    static PhoneNumber N(ulong digits) => StoredNumber.Parse($"+{digits}");

    // Few numbers, so keys are shared between conversations, and each conversation said in two
    // ways (another id and expiry, or an intercept URL), so a route is replaced by another.
    static Route Conversation(int c, int variant) => new(
        new Guid(c + 1, 0, 0, [0, 0, 0, 0, 0, 0, 0, (byte)variant]),
        new Participant(N(447400000000UL + (ulong)(c % 5)), N(447700900000UL + (ulong)c)),
        new Participant(N(447400100000UL + (ulong)(c % 3)), N(447700900100UL + (ulong)c)),
        new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero).AddMinutes(variant), Ended: false,
        Channels.Voice | (variant == 1 ? Channels.Messages : 0), variant == 1 ? "es-ES" : null,
        variant == 1 ? new Uri("https://backend.example/intercept") : null);

    const int Universe = 40;

    static RoutePair Key(Route r, Side side) => RoutePair.Of(r.Keys[side == Side.A ? 0 : 1])!.Value;

    // Each operation: set (replacing), set only if absent (as a load does), or remove; on one of
    // Universe conversations, said one of two ways, for one of its sides.
    [Property(MaxTest = 300)]
    public Property Whatever_is_set_and_removed_the_routes_held_are_a_dictionarys() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 3 * 2 * 2 * Universe - 1)).ToArbitrary(), operations =>
        {
            var table = new CachedRoutes();
            var model = new Dictionary<RoutePair, Route>();
            foreach (var op in operations)
            {
                var (kind, variant, side, c) = (op % 3, op / 3 % 2, op / 6 % 2 == 0 ? Side.A : Side.B, op / 12 % Universe);
                var route = Conversation(c, variant);
                var key = Key(route, side);
                var wasHeld = model.ContainsKey(key);
                if (kind == 2) Assert.Equal(model.Remove(key), table.Remove(key));
                else
                {
                    var replace = kind == 0;
                    var kept = table.Set(key, CachedConversation.Of(route)!.Value, route.InterceptUrl, replace);
                    Assert.Equal(!wasHeld ? Kept.Added : replace ? Kept.Replaced : Kept.AlreadyHeld, kept);
                    if (kept != Kept.AlreadyHeld) model[key] = route;
                }
                Assert.Equal(model.Count, table.Count);
                for (var other = 0; other < Universe; other++)
                    foreach (var s in new[] { Side.A, Side.B })
                    {
                        var k = Key(Conversation(other, 0), s);
                        Assert.Equal(model.TryGetValue(k, out var expected), table.TryGet(k, out var held, out var url));
                        if (expected is not null) Assert.Equal(expected, held.Route(url));
                    }
            }
        });

    [Fact]
    public void Both_routes_of_a_conversation_share_it_and_a_changed_one_does_not()
    {
        var (route, changed) = (Conversation(7, 0), Conversation(7, 1));
        var table = new CachedRoutes();
        table.Set(Key(route, Side.A), CachedConversation.Of(route)!.Value, null);
        table.Set(Key(route, Side.B), CachedConversation.Of(route)!.Value, null);
        Assert.Equal((2, 1), (table.Count, table.Conversations));

        // B's route replaced by another expiry (as a notification and a fresh read would): two now.
        table.Set(Key(changed, Side.B), CachedConversation.Of(changed)!.Value, changed.InterceptUrl);
        Assert.Equal((2, 2), (table.Count, table.Conversations));

        table.Remove(Key(route, Side.A));
        table.Remove(Key(route, Side.B));
        Assert.Equal((0, 0), (table.Count, table.Conversations));
    }

    [Fact]
    public void A_key_that_is_neither_side_of_the_conversation_is_not_held()
    {
        var route = Conversation(3, 0);
        var table = new CachedRoutes();
        Assert.Equal(Kept.NotASide, table.Set(new RoutePair(447400000003, 447700900003), CachedConversation.Of(route)!.Value, null));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Without_room_a_new_route_is_not_held_but_a_held_one_is_still_replaced()
    {
        var (route, changed) = (Conversation(5, 0), Conversation(5, 1));
        var table = new CachedRoutes();
        table.Set(Key(route, Side.A), CachedConversation.Of(route)!.Value, null);

        Assert.Equal(Kept.NoRoom, table.Set(Key(route, Side.B), CachedConversation.Of(route)!.Value, null, mayAdd: false));
        Assert.Equal(Kept.Replaced, table.Set(Key(changed, Side.A), CachedConversation.Of(changed)!.Value, changed.InterceptUrl,
            mayAdd: false));
        Assert.Equal(1, table.Count);
        Assert.True(table.TryGet(Key(route, Side.A), out var held, out var url));
        Assert.Equal(changed, held.Route(url));
    }
}
