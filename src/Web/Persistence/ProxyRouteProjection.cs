using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// Writes the route table in the same transaction as the events: two rows when a conversation
/// opens (A dialing B's virtual number, B dialing A's), none left once it ends (they move to
/// <see cref="EndedRoute"/>). Also keeps the pair's last virtual numbers, for sticky allocation.
/// </summary>
public sealed partial class ProxyRouteProjection : EventProjection
{
    public override async ValueTask ApplyAsync(IDocumentOperations ops, IEvent e, CancellationToken ct)
    {
        switch (e.Data)
        {
            case ConversationEvent.Opened o:
                // Insert, never upsert: a duplicate pair must fail the whole transaction.
                ops.Insert(ProxyRoute.Of(o));
                ops.Store(new PairRecord(PairRecord.Key(o.A.Number, o.B.Number), new()
                {
                    [o.A.Number.E164] = o.A.VirtualNumber.E164,
                    [o.B.Number.E164] = o.B.VirtualNumber.E164,
                }));
                break;
            case ConversationEvent.Closed or ConversationEvent.Expired:
                await End(ops, e.StreamId, ct);
                break;
        }
    }

    static async Task End(IDocumentOperations ops, Guid conversationId, CancellationToken ct)
    {
        ops.DeleteWhere<ProxyRoute>(r => r.ConversationId == conversationId);
        // Participants never change after Opened, so the stored snapshot names them correctly.
        if (await ops.LoadAsync<Conversation>(conversationId, ct) is not { } c) return;
        ops.Store(
            new EndedRoute(ProxyRoute.Key(c.A.Number, c.B.VirtualNumber), conversationId),
            new EndedRoute(ProxyRoute.Key(c.B.Number, c.A.VirtualNumber), conversationId));
    }
}
