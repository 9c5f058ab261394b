using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>
/// <see cref="RouteChange"/> is the one place that says how an event moves a route; the route
/// rows and caches follow it. It must agree with the conversation's own fold, or an event that
/// changes what a route copies would leave stale rows and caches behind.
/// </summary>
public class RouteChangeProperties
{
    /// <summary>One event of every kind the stream can hold after Opened, at a moment of the conversation.</summary>
    static readonly Func<Conversation, DateTimeOffset, int, ConversationEvent>[] Later =
    [
        (_, at, _) => new Closed(at),
        (c, at, _) => new Expired(c.ExpiresAt, at),
        (c, at, n) => new ExpiryChanged(c.ExpiresAt, at.AddSeconds(n), at),
        (_, at, n) => new TextSending(n % 2 == 0 ? Side.A : Side.B, $"ref-{n}", at),
        (_, at, n) => new TextRequested(n % 2 == 0 ? Side.A : Side.B, at),
        (_, at, n) => new TextNotSent(n % 2 == 0 ? Side.A : Side.B, "Vonage answered 503", at.AddSeconds(n % 300), at),
        (_, at, n) => new ParticipantNotified(Side.A, $"m-{n}", at),
        (_, at, n) => new NotificationFailed(Side.B, $"failed {n}", at),
        (_, at, n) => new TextDelivered(Side.A, $"m-{n}", at),
        (_, at, n) => new TextUndelivered(Side.B, $"m-{n}", "expired", null, at),
        (_, at, n) => new MessageRelayed(Side.A, $"in-{n}", null, at),
        (_, at, n) => new CallIntercepted(Side.B, n % 2 == 0, "backend", at),
        (_, at, n) => new MessageIntercepted(Side.A, $"in-{n}", n % 2 == 0, "403", at),
        (c, at, n) => new ParticipantReplaced(n % 2 == 0 ? Side.A : Side.B, n % 2 == 0 ? c.A : c.B,
            new Participant(Some.Carol, n % 3 == 0 ? (n % 2 == 0 ? c.A : c.B).VirtualNumber : Some.Number("+447700900999")),
            n % 5 == 0 ? Some.Number("+447700900998") : (n % 2 == 0 ? c.B : c.A).VirtualNumber, at),
        (c, at, n) => new CallEventRecorded(new CallEvent($"leg-{n}", CallStatus.Answered, null,
            c.A.Number.Digits, c.B.VirtualNumber.Digits, CallDirection.Inbound, at, null)),
        // Never of a live conversation (the decider ends it first): its route stays as it is.
        (_, at, _) => new PersonalDataErased(at),
    ];

    static Gen<(Conversation, ConversationEvent)> ActiveThenAnyEvent =>
        from c in Gens.ActiveConversation
        from at in Gens.LiveMoment(c)
        from n in Gen.Choose(1, 1_000_000)
        from make in Gen.Elements(Later)
        select (c, make(c, at, n));

    [Property(MaxTest = 500)]
    public Property The_route_after_an_event_is_what_its_route_change_says() =>
        Prop.ForAll(ActiveThenAnyEvent.ToArbitrary(), t =>
        {
            var (c, e) = t;
            var after = Route.Of(Conversation.Evolve(c, e)!);
            var expected = RouteChange.Of(e) switch
            {
                RouteChange.Revised r => r.Revise(Route.Of(c)),
                RouteChange.Ended => Route.Of(c) with { Ended = true },
                _ => Route.Of(c),
            };
            Assert.Equal(expected, after);
            Assert.Equal(expected != Route.Of(c), RouteChange.Of(e).Outdates);
        });

    [Property(MaxTest = 100)]
    public Property Opening_begins_the_route_the_conversation_has() =>
        Prop.ForAll(Gens.ActiveConversation.ToArbitrary(), c =>
        {
            var opened = new Opened(c.Id, c.A, c.B, c.CreatedAt, c.ExpiresAt);
            var begun = Assert.IsType<RouteChange.Begun>(RouteChange.Of(opened));
            Assert.Equal(Route.Of(c), begun.Route);
        });

    [Fact]
    public void Every_kind_of_event_is_generated_and_named()
    {
        var c = Some.Opened();
        var generated = Later.Select(make => make(c, c.CreatedAt, 1).GetType()).Append(typeof(Opened)).ToHashSet();
        var kinds = typeof(ConversationEvent).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(ConversationEvent))).ToHashSet();
        Assert.Equal(kinds.OrderBy(t => t.Name), generated.OrderBy(t => t.Name));
        Assert.Equal(kinds.OrderBy(t => t.Name), EventNames.All.Select(n => n.Event).OrderBy(t => t.Name));
        Assert.Equal(EventNames.All.Count, EventNames.All.Select(n => n.Name).Distinct().Count());
    }
}
