using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Writes the route table in the same transaction as the events: the rows of a conversation's
/// <see cref="Route"/> when it opens, rewritten when its expiry moves, none left once it ends
/// (they move to <see cref="EndedRoute"/>).
/// Also keeps the pair's last virtual numbers, for sticky allocation.
/// </summary>
public sealed partial class ProxyRouteProjection : EventProjection
{
    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is not ConversationEvent ce) return;
        switch (RouteChange.Of(ce))
        {
            case RouteChange.Begun b when ce is ConversationEvent.Opened o:
                // Insert, never upsert: a duplicate pair must fail the whole transaction.
                ops.Insert(ProxyRoute.Of(b.Route).ToArray());
                ops.Store(PairRecord.Of(b.Route));
                break;
            case RouteChange.Revised r:
                var revised = await Revise(ops, e.StreamId, r.Revise, cancellation);
                // A newcomer and their counterpart are a pair now: sticky next time they talk.
                if (revised is not null && ce is ConversationEvent.ParticipantReplaced) ops.Store(PairRecord.Of(revised));
                break;
            case RouteChange.Ended:
                await End(ops, e.StreamId, cancellation);
                break;
        }
    }

    // Rewritten, not patched in place, so the row trigger tells every instance's cache: an
    // extended conversation must not hear "ended" at its old expiry anywhere. A key the revised
    // route no longer has is deleted; one it gains is inserted (still refused if taken).
    static async Task<Route?> Revise(IDocumentOperations ops, Guid conversationId, Func<Route, Route> revise, CancellationToken ct)
    {
        var rows = await ops.Query<ProxyRoute>().Where(r => r.ConversationId == conversationId).ToListAsync(ct);
        if (rows.Count == 0) return null;
        var route = revise(rows[0].ToRoute());
        var revised = ProxyRoute.Of(route).ToList();
        var kept = revised.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in rows.Where(r => !kept.Contains(r.Id))) ops.Delete(gone);
        var had = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var row in revised)
            if (had.Contains(row.Id)) ops.Store(row);
            else ops.Insert(row);
        return route;
    }

    static async Task End(IDocumentOperations ops, Guid conversationId, CancellationToken ct)
    {
        ops.DeleteWhere<ProxyRoute>(r => r.ConversationId == conversationId);
        // The stored snapshot (inline, same transaction) names the participants as they are now, after any replacement.
        if (await ops.LoadAsync<Conversation>(conversationId, ct) is not { } c) return;
        ops.Store(EndedRoute.Of(Route.Of(c) with { Ended = true }).ToArray());
    }
}
