using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>Invariants 2, 3 and 8 of docs/architecture.md, stated over generated conversations.</summary>
public class RouterProperties
{
    static readonly CallSettings Settings =
        new(Prompts.Default, 45, "https://proxy.example.com/webhooks/event", None);

    static Either<RouteError, Ncco> Routed(PhoneNumber from, PhoneNumber to, Conversation c, DateTimeOffset now) =>
        Router.Route(new InboundCall(from, to), Some(Route.Of(c)), now, Settings);

    static Ncco Connects(Conversation c, DateTimeOffset now, PhoneNumber callerId, PhoneNumber destination) =>
        Ncco.Connect(Prompts.Default.Connecting, callerId, destination,
            new ConnectOptions(Route.Of(c).LimitSecondsAt(now), 45, Settings.EventUrlFor(c.Id)));

    [Property(MaxTest = 200)]
    public Property Invariant2_calling_the_other_virtual_number_connects_to_their_real_number() =>
        Prop.ForAll((from c in Gens.ActiveConversation from now in Gens.LiveMoment(c) select (c, now))
            .ToArbitrary(), t =>
        {
            var (c, now) = t;
            Assert.Equal(Connects(c, now, c.A.VirtualNumber, c.B.Number), Routed(c.A.Number, c.B.VirtualNumber, c, now));
            Assert.Equal(Connects(c, now, c.B.VirtualNumber, c.A.Number), Routed(c.B.Number, c.A.VirtualNumber, c, now));
        });

    /// <summary>Every (from, to) over the conversation's numbers and two outsiders, except the two routes.</summary>
    static Gen<(Conversation, DateTimeOffset, PhoneNumber, PhoneNumber)> OtherCalls =>
        from c in Gens.ActiveConversation
        from now in Gens.LiveMoment(c)
        from outsider in Gens.RealNumber
        from stray in Gens.VirtualNumber
        let numbers = new[] { c.A.Number, c.B.Number, c.A.VirtualNumber, c.B.VirtualNumber, outsider, stray }
        from caller in Gen.Elements(numbers)
        from dialed in Gen.Elements(numbers)
        where !(caller == c.A.Number && dialed == c.B.VirtualNumber)
            && !(caller == c.B.Number && dialed == c.A.VirtualNumber)
        select (c, now, caller, dialed);

    [Property(MaxTest = 500)]
    public Property Invariant3_any_other_call_is_refused_and_the_refusal_holds_no_number() =>
        Prop.ForAll(OtherCalls.ToArbitrary(), t =>
        {
            var (c, now, caller, dialed) = t;
            var routed = Routed(caller, dialed, c, now);
            Assert.True(routed.IsLeft);
            var refusal = Router.Refusal(routed.LeftToSeq().Head(), Settings);
            AssertHoldsNoNumberOf(refusal, c);
        });

    [Property(MaxTest = 200)]
    public Property Invariant8_a_conversation_routes_until_its_expiry_and_never_after() =>
        Prop.ForAll((from c in Gens.ActiveConversation
                     from late in Gen.Choose(0, 1_000_000)
                     select (c, late)).ToArbitrary(), t =>
             {
                 var (c, late) = t;
                 var lastLiveTick = c.ExpiresAt.AddTicks(-1);
                 Assert.True(Routed(c.A.Number, c.B.VirtualNumber, c, lastLiveTick).IsRight);
                 var after = Routed(c.A.Number, c.B.VirtualNumber, c, c.ExpiresAt.AddSeconds(late));
                 Assert.Equal(new RouteError.ConversationEnded(c.Id), after.LeftToSeq().Head());
             });

    [Property(MaxTest = 200)]
    public Property A_closed_conversation_never_routes() =>
        Prop.ForAll((from c in Gens.ActiveConversation from now in Gens.LiveMoment(c) select (c, now))
            .ToArbitrary(), t =>
        {
            var (open, now) = t;
            var closed = Conversation.Evolve(open, new ConversationEvent.Closed(now))!;
            Assert.True(Routed(open.A.Number, open.B.VirtualNumber, closed, now).IsLeft);
            Assert.True(Routed(open.B.Number, open.A.VirtualNumber, closed, now).IsLeft);
        });

    [Property(MaxTest = 200)]
    public Property A_call_can_never_outlive_its_conversation() =>
        Prop.ForAll((from c in Gens.ActiveConversation from now in Gens.LiveMoment(c) select (c, now))
            .ToArbitrary(), t =>
        {
            var (c, now) = t;
            var limit = Route.Of(c).LimitSecondsAt(now);
            return limit >= 1 && limit <= ConnectOptions.MaxLimitSeconds && now.AddSeconds(limit - 1) < c.ExpiresAt;
        });

    [Fact]
    public void An_outsider_is_told_the_out_of_session_message()
    {
        var routed = Router.Route(new InboundCall(Some.Carol, Some.BobsVirtual), None, Some.Epoch, Settings);
        Assert.Equal(Ncco.Say(Prompts.Default.OutOfSession), Router.Refusal(routed.LeftToSeq().Head(), Settings));
    }

    [Fact]
    public void An_outsider_may_be_put_through_to_the_support_line_shown_the_number_they_dialed()
    {
        var support = Some.Number("+442079460000");
        var settings = Settings with { OutOfSessionForwardTo = support };
        var routed = Router.Route(new InboundCall(Some.Carol, Some.BobsVirtual), Route.Of(Some.Opened()), Some.Epoch, settings);
        var connect = Assert.IsType<NccoAction.Connect>(Router.Refusal(routed.LeftToSeq().Head(), settings).Actions[1]);
        Assert.Equal((Some.BobsVirtual.Digits, support.Digits), (connect.From, connect.Endpoint.Number));
    }

    [Fact]
    public void A_participant_of_an_ended_conversation_is_told_it_ended()
    {
        var closed = Conversation.Evolve(Some.Opened(), new ConversationEvent.Closed(Some.Epoch))!;
        var routed = Router.Route(new InboundCall(Some.Alice, Some.BobsVirtual), Route.Of(closed), Some.Epoch, Settings);
        Assert.Equal(Ncco.Say(Prompts.Default.Ended), Router.Refusal(routed.LeftToSeq().Head(), Settings));
    }

    static void AssertHoldsNoNumberOf(Ncco refusal, Conversation c)
    {
        var action = Assert.Single(refusal.Actions);
        var talk = Assert.IsType<NccoAction.Talk>(action);
        var digits = new string(talk.Text.Where(char.IsAsciiDigit).ToArray());
        foreach (var n in new[] { c.A.Number, c.B.Number, c.A.VirtualNumber, c.B.VirtualNumber })
            Assert.DoesNotContain(n.Digits[^6..], digits);
    }
}
