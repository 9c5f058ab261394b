using JasperFx.Events;
using Marten.Events.Aggregation;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The conversation read model, folded inline by the core's own Evolve, so the stored
/// snapshot and a replay of the stream cannot disagree (docs/architecture.md, invariant 7).
/// </summary>
public sealed class ConversationProjection : SingleStreamProjection<Conversation, Guid>
{
    public override Conversation? Evolve(Conversation? snapshot, Guid id, IEvent e) =>
        e.Data is ConversationEvent ce ? Conversation.Evolve(snapshot, ce) : snapshot;
}
