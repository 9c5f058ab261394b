using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// Writes the route table in the same transaction as the events: two rows when a conversation
/// opens (A dialing B's virtual number, B dialing A's), none left once it ends. Also keeps the
/// pair's last virtual numbers, for sticky allocation.
/// </summary>
public sealed partial class ProxyRouteProjection : EventProjection
{
    public override ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case ConversationEvent.Opened o:
                // Insert, never upsert: a duplicate pair must fail the whole transaction.
                ops.Insert(
                    ProxyRoute.For(o.ConversationId, o.A.Number, o.B.VirtualNumber),
                    ProxyRoute.For(o.ConversationId, o.B.Number, o.A.VirtualNumber));
                ops.Store(new PairRecord(PairRecord.Key(o.A.Number, o.B.Number), new()
                {
                    [o.A.Number.E164] = o.A.VirtualNumber.E164,
                    [o.B.Number.E164] = o.B.VirtualNumber.E164,
                }));
                break;
            case ConversationEvent.Closed:
                ops.DeleteWhere<ProxyRoute>(r => r.ConversationId == e.StreamId);
                break;
        }
        return ValueTask.CompletedTask;
    }
}
