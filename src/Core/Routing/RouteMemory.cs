namespace VoiceProxy.Core.Routing;

/// <summary>
/// When a route held in an instance's memory may still connect a call. While the instance hears
/// the database's change notifications, its copy is current. When it stops hearing them (the
/// database is down, or the notification connection broke), a route may still have been closed
/// on another instance without this one learning of it; serving the copy for a bounded time
/// keeps calls connecting through a database blip at the cost of that window
/// (docs/architecture.md, "Database outages").
/// </summary>
public static class RouteMemory
{
    public static bool MayServe(bool listening, DateTimeOffset lastHeard, DateTimeOffset now, TimeSpan staleFor) =>
        listening || (now >= lastHeard && now - lastHeard <= staleFor);
}
