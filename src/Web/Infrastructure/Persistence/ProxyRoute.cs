using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// A row of the route table: an active conversation answers calls from <see cref="Caller"/>
/// to <see cref="Dialed"/>. Its id is the pair itself, and rows are only ever inserted, so
/// PostgreSQL's primary key refuses a second active route for the pair (docs/architecture.md, invariant 1).
/// It carries its conversation's <see cref="Route"/>, so answering a call is one primary-key
/// read. Anything that changes what a route copies rewrites its rows, and every write or delete
/// of a row notifies every instance's cache (<see cref="ChangeListener"/>).
/// </summary>
public sealed record ProxyRoute(
    string Id, Guid ConversationId, string Caller, string Dialed,
    Participant A, Participant B, DateTimeOffset ExpiresAt, Channels Channels = Channels.Voice, string? Language = null,
    Uri? InterceptUrl = null)
{
    /// <summary>The row id of a route key: "callerdigits:dialeddigits".</summary>
    public static string Key(RouteKey key) => $"{key.Caller.Digits}:{key.Dialed.Digits}";

    /// <summary>The rows of a route, one per direction.</summary>
    public static IEnumerable<ProxyRoute> Of(Route route) =>
        route.Keys.Map(k => new ProxyRoute(Key(k), route.ConversationId, k.Caller.E164, k.Dialed.E164,
            route.A, route.B, route.ExpiresAt, route.Channels, route.Language, route.InterceptUrl));

    /// <summary>A row exists only while its conversation is active (ending it deletes the row).</summary>
    public Route ToRoute() => new(ConversationId, A, B, ExpiresAt, Ended: false, Channels, Language, InterceptUrl);
}
