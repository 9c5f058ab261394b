using JasperFx.Events;
using Marten;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// Rebuilds every read model from the event store by running the same inline projection code
/// over all events in append order (invariant 7: doing so changes nothing). Marten's own
/// rebuild needs the async daemon, which cannot take its lock with our DistributedLock shim.
/// Meant for maintenance with writes stopped; it deletes the read models first.
/// </summary>
public sealed class ReadModelRebuild(IDocumentStore store)
{
    readonly ConversationProjection conversations = new();
    readonly ProxyRouteProjection routes = new();

    public async Task Run(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<Conversation>(_ => true);
        session.DeleteWhere<ProxyRoute>(_ => true);
        session.DeleteWhere<EndedRoute>(_ => true);
        session.DeleteWhere<PairRecord>(_ => true);
        await session.SaveChangesAsync(ct);

        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync(ct);
        var snapshots = new Dictionary<Guid, Conversation?>();
        foreach (var e in events)
        {
            var snapshot = conversations.Evolve(snapshots.GetValueOrDefault(e.StreamId), e.StreamId, e);
            snapshots[e.StreamId] = snapshot;
            if (snapshot is not null) session.Store(snapshot);
            // Ending a conversation reads its stored snapshot, as it does inline: flush first.
            if (e.Data is ConversationEvent.Closed or ConversationEvent.Expired) await session.SaveChangesAsync(ct);
            await routes.ApplyAsync(session, e, ct);
        }
        await session.SaveChangesAsync(ct);
    }
}
