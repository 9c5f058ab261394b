using LanguageExt;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Persistence;

/// <summary>Read-only queries on the route table: the answer webhook's whole database use.</summary>
public sealed class RouteLookup(IDocumentStore store, RouteCache cache) : IAsyncDisposable
{
    // Opened on the first database read only: an answer served from the route cache needs none.
    IQuerySession? opened;

    IQuerySession Session => opened ??= store.QuerySession();

    public ValueTask DisposeAsync() => opened?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// The conversation whose route answers this (caller, dialed number): the active one, or else
    /// the last that ended on it, so its participants hear that it ended.
    /// </summary>
    public async Task<Option<Conversation>> Find(InboundCall call, CancellationToken ct)
    {
        var active = await FindByRoute(call.From, call.To, ct);
        if (active.IsSome) return active;
        var ended = await Session.LoadAsync<EndedRoute>(ProxyRoute.Key(call.From, call.To), ct);
        return ended is null ? None : Optional(await Session.LoadAsync<Conversation>(ended.ConversationId, ct));
    }

    /// <summary>
    /// The conversation a Vonage call leg belongs to: an inbound leg runs caller → virtual
    /// number (a route as it is), the outbound leg virtual number → callee (a route reversed).
    /// </summary>
    public async Task<Option<Conversation>> FindForLeg(PhoneNumber from, PhoneNumber to, CancellationToken ct)
    {
        var inbound = await FindByRoute(from, to, ct);
        return inbound.IsSome ? inbound : await FindByRoute(to, from, ct);
    }

    // The route row carries its conversation's routing snapshot: from memory, else one primary-key read.
    async Task<Option<Conversation>> FindByRoute(PhoneNumber caller, PhoneNumber dialed, CancellationToken ct)
    {
        var key = ProxyRoute.Key(caller, dialed);
        if (cache.TryGet(key, out var cached)) return cached!;
        var epoch = cache.Epoch;
        var route = await Session.LoadAsync<ProxyRoute>(key, ct);
        if (route is not null) cache.Offer(key, route, epoch);
        return Optional(route).Map(r => r.Conversation);
    }
}
