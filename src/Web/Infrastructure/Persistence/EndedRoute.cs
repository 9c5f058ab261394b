using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// A route whose conversation has ended, keyed like <see cref="ProxyRoute"/>, holding the latest
/// conversation that ended on it: a participant calling an old number hears "this conversation
/// has ended" rather than "not in service". Not unique-guarded: it never routes.
/// </summary>
public sealed record EndedRoute(string Id, Guid ConversationId, Participant A, Participant B, DateTimeOffset ExpiresAt,
    Channels Channels = Channels.Voice)
{
    public static IEnumerable<EndedRoute> Of(Route route) =>
        route.Keys.Map(k => new EndedRoute(ProxyRoute.Key(k), route.ConversationId, route.A, route.B, route.ExpiresAt, route.Channels));

    public Route ToRoute() => new(ConversationId, A, B, ExpiresAt, Ended: true, Channels);
}
