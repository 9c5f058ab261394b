using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using VoiceProxy.Core.Conversations;

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
        switch (e.Data)
        {
            case ConversationEvent.Opened o:
                // Insert, never upsert: a duplicate pair must fail the whole transaction.
                ops.Insert(ProxyRoute.Of(Route.Of(o)).ToArray());
                ops.Store(new PairRecord(PairRecord.Key(o.A.Number, o.B.Number), new()
                {
                    [o.A.Number.E164] = o.A.VirtualNumber.E164,
                    [o.B.Number.E164] = o.B.VirtualNumber.E164,
                }));
                break;
            case ConversationEvent.ExpiryChanged x:
                // Rewritten, so the row trigger tells every instance's cache: an extended
                // conversation must not hear "ended" at its old expiry anywhere.
                foreach (var row in await ops.Query<ProxyRoute>().Where(r => r.ConversationId == e.StreamId).ToListAsync(cancellation))
                    ops.Store(row with { ExpiresAt = x.To });
                break;
            case ConversationEvent.Closed or ConversationEvent.Expired:
                await End(ops, e.StreamId, cancellation);
                break;
        }
    }

    static async Task End(IDocumentOperations ops, Guid conversationId, CancellationToken ct)
    {
        ops.DeleteWhere<ProxyRoute>(r => r.ConversationId == conversationId);
        // Participants never change after Opened, so the stored snapshot names them correctly.
        if (await ops.LoadAsync<Conversation>(conversationId, ct) is not { } c) return;
        ops.Store(EndedRoute.Of(Route.Of(c) with { Ended = true }).ToArray());
    }
}
