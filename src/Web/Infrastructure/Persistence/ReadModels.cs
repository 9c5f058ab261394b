using Marten;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Rebuilds every read model from the event store with Marten's own projection rebuild
/// (docs/architecture.md, invariant 7: doing so changes nothing). Conversations first: ending a route reads its
/// conversation's participants. Meant for maintenance with writes stopped.
/// </summary>
public static class ReadModels
{
    public static async Task Rebuild(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ConversationProjection>(ct);
        await daemon.RebuildProjectionAsync<ProxyRouteProjection>(ct);
    }
}
