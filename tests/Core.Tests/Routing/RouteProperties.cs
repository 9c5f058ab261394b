using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>The route a conversation puts in the route table, the one rule every channel shares.</summary>
public class RouteProperties
{
    [Property(MaxTest = 200)]
    public Property A_route_has_one_key_per_direction_and_each_key_leads_to_the_other_participant() =>
        Prop.ForAll(Gens.ActiveConversation.ToArbitrary(), c =>
        {
            var route = Route.Of(c);
            Assert.Equal(2, route.Keys.Count);
            foreach (var key in route.Keys)
            {
                var leg = route.LegOf(key.Caller, key.Dialed).IfNone(() => throw new Xunit.Sdk.XunitException("no leg"));
                var (caller, other) = key.Caller == c.A.Number ? (c.A, c.B) : (c.B, c.A);
                Assert.Equal(new Leg(caller.VirtualNumber, other.Number), leg);
            }
        });

    /// <summary>Every (from, to) over the conversation's numbers and an outsider.</summary>
    static Gen<(Conversation, PhoneNumber, PhoneNumber)> AnyLeg =>
        from c in Gens.ActiveConversation
        from outsider in Gens.RealNumber
        let numbers = new[] { c.A.Number, c.B.Number, c.A.VirtualNumber, c.B.VirtualNumber, outsider }
        from caller in Gen.Elements(numbers)
        from dialed in Gen.Elements(numbers)
        select (c, caller, dialed);

    [Property(MaxTest = 500)]
    public Property A_route_carries_exactly_its_inbound_legs_and_the_outbound_legs_its_connects_make() =>
        Prop.ForAll(AnyLeg.ToArbitrary(), t =>
        {
            var (c, from, to) = t;
            var expected =
                (from == c.A.Number && to == c.B.VirtualNumber) || (from == c.B.Number && to == c.A.VirtualNumber)
                || (from == c.A.VirtualNumber && to == c.B.Number) || (from == c.B.VirtualNumber && to == c.A.Number);
            Assert.Equal(expected, Route.Of(c).Carries(from, to));
        });

    [Property(MaxTest = 200)]
    public Property An_ended_route_is_never_live_and_an_active_one_is_live_until_its_expiry() =>
        Prop.ForAll((from c in Gens.ActiveConversation from now in Gens.LiveMoment(c) select (c, now)).ToArbitrary(), t =>
        {
            var (c, now) = t;
            var closed = Conversation.Evolve(c, new ConversationEvent.Closed(now))!;
            Assert.True(Route.Of(c).IsLiveAt(now));
            Assert.False(Route.Of(c).IsLiveAt(c.ExpiresAt));
            Assert.False(Route.Of(closed).IsLiveAt(now));
        });
}
