using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Core.Routing;

/// <summary>
/// What one event of a conversation does to its route, the one place that says so: the route
/// rows, the ended routes and every instance's route cache follow from it. An event that changes
/// what a route copies (its expiry, its participants) is a <see cref="Revised"/>,
/// so the rows are rewritten and the row trigger tells every cache (docs/architecture.md,
/// "Decisions").
/// </summary>
public abstract record RouteChange
{
    private RouteChange() { }

    /// <summary>The conversation's route begins: its rows are inserted, never upserted (invariant 1).</summary>
    public sealed record Begun(Route Route) : RouteChange;

    /// <summary>The route goes on, changed: the rows of <see cref="Revise"/>'s result replace the old ones.</summary>
    public sealed record Revised(Func<Route, Route> Revise) : RouteChange;

    /// <summary>The route ends: its rows go, and ended routes remember it.</summary>
    public sealed record Ended : RouteChange;

    /// <summary>The event changes nothing a route holds (texts, calls, receipts).</summary>
    public sealed record Unchanged : RouteChange;

    static readonly RouteChange NoChange = new Unchanged();
    static readonly RouteChange End = new Ended();

    public static RouteChange Of(ConversationEvent e) =>
        e switch
        {
            ConversationEvent.Opened o => new Begun(Route.Of(o)),
            ConversationEvent.ExpiryChanged x => new Revised(r => r with { ExpiresAt = x.To }),
            ConversationEvent.ParticipantReplaced p => new Revised(r => r.Replacing(p.Side, p.By, p.CounterpartVirtualNumber)),
            ConversationEvent.Closed or ConversationEvent.Expired => End,
            _ => NoChange,
        };

    /// <summary>Whether copies of the route made before this event (a cache entry) are now wrong.</summary>
    public bool Outdates => this is Revised or Ended;
}
