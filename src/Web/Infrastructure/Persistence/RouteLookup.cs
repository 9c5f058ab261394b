using LanguageExt;
using Marten;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>Read-only queries on the route table: the answer webhook's whole database use.</summary>
public sealed class RouteLookup(IDocumentStore store, RouteCache cache) : IAsyncDisposable
{
    // Opened on the first database read only: an answer served from the route cache needs none.
    IQuerySession? opened;

    IQuerySession Session => opened ??= store.QuerySession();

    public ValueTask DisposeAsync() => opened?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// The route that answers this (caller, dialed number): the active one, or else the last that
    /// ended on it, so its participants hear that it ended.
    /// </summary>
    public async Task<Option<Route>> Find(RouteKey key, CancellationToken ct)
    {
        var active = await FindActive(key, ct);
        if (active.IsSome) return active;
        return Optional(await Session.LoadAsync<EndedRoute>(ProxyRoute.Key(key), ct)).Map(r => r.ToRoute());
    }

    /// <summary>The active route for a key when this instance holds it in memory: no database, no waiting.</summary>
    public Option<Route> FromMemory(RouteKey key) => cache.TryGet(key, out var cached) ? Some(cached!) : None;

    /// <summary>
    /// The active route a Vonage call leg belongs to: an inbound leg runs caller → virtual
    /// number (a route key as it is), the outbound leg virtual number → callee (one reversed).
    /// </summary>
    public async Task<Option<Route>> FindForLeg(PhoneNumber from, PhoneNumber to, CancellationToken ct)
    {
        var inbound = await FindActive(new RouteKey(from, to), ct);
        return inbound.IsSome ? inbound : await FindActive(new RouteKey(to, from), ct);
    }

    /// <summary>
    /// The ended conversation a caller's old route belonged to (the latest on that route): a call
    /// refused with "this conversation has ended" still belongs in that conversation's trail.
    /// </summary>
    public async Task<Option<Guid>> FindEnded(PhoneNumber from, PhoneNumber to, CancellationToken ct) =>
        Optional(await Session.LoadAsync<EndedRoute>(ProxyRoute.Key(new RouteKey(from, to)), ct)).Map(e => e.ConversationId);

    // From memory, else one primary-key read.
    async Task<Option<Route>> FindActive(RouteKey key, CancellationToken ct)
    {
        if (cache.TryGet(key, out var cached)) return cached!;
        var epoch = cache.Epoch;
        var row = await Session.LoadAsync<ProxyRoute>(ProxyRoute.Key(key), ct);
        if (row is null) return None;
        var route = row.ToRoute();
        cache.Offer(key, route, epoch);
        return route;
    }
}
