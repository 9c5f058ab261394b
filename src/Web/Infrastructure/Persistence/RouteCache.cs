using System.Collections.Concurrent;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary><c>VoiceProxy:RouteCache:*</c>.</summary>
public sealed class RouteCacheOptions
{
    /// <summary>
    /// How many active routes each instance keeps in memory (two per conversation, about 36 bytes
    /// each); 0 turns the cache off. Routes past it are read from the database on each call.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000_000, ErrorMessage =
        "VoiceProxy:RouteCache:MaxEntries must be between 0 (off) and 10000000.")]
    public int MaxEntries { get; set; } = 4_000_000;

    /// <summary>
    /// How long cached routes still connect calls after the instance stopped hearing the
    /// database's change notifications (docs/architecture.md, "Database outages").
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400, ErrorMessage =
        "VoiceProxy:RouteCache:StaleForSeconds must be between 0 and 86400.")]
    public int StaleForSeconds { get; set; } = 120;
}

/// <summary>
/// Every active route, kept in memory, so answering a call needs no database read. Loaded whole
/// when the instance starts listening (<see cref="RouteLoader"/>; ready only once loaded), and
/// kept true across instances because <see cref="ChangeListener"/> listens: every write or
/// delete of a route row (close, expiry, a changed expiry, a replacement, rebuild) notifies every
/// instance at commit, which evicts it; the instance that ends a conversation evicts its routes
/// itself before it answers (<see cref="Forget(Route)"/>). A route the load has not got (a new
/// conversation, or one changed since) is read from the database on its first call and kept
/// (<see cref="Offer"/>); "no route" is never kept, so a new conversation is visible at once.
/// Expiry stays exact because routing checks the cached expiry against now. When the listener
/// loses the database, the cache keeps what it has and serves it for
/// <see cref="RouteCacheOptions.StaleForSeconds"/> (<see cref="RouteMemory"/>), taking nothing
/// new; when it hears the database again it starts afresh and loads again.
/// </summary>
public sealed class RouteCache(Microsoft.Extensions.Options.IOptions<RouteCacheOptions> options, TimeProvider clock)
{
    // One lock for the whole table: held for a lookup's hundred nanoseconds, it is not contended
    // at tens of thousands of calls a second on a few cores.
    readonly Lock gate = new();
    CachedRoutes table = new();
    readonly int maxEntries = options.Value.MaxEntries;
    readonly TimeSpan staleFor = TimeSpan.FromSeconds(options.Value.StaleForSeconds);
    int count;
    long epoch;
    long lastHeardTicks = clock.GetUtcNow().UtcTicks;
    volatile bool listening;

    // While a load runs: the keys a notification named since it began, which it must not keep.
    volatile ConcurrentDictionary<RoutePair, byte>? changedDuringLoad;
    long loadGeneration;
    volatile bool loadedOnce;

    /// <summary>Taken before a database read, handed back to <see cref="Offer"/>.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    public bool IsListening => listening;

    /// <summary>Whether a whole load has completed since start-up (the readiness check).</summary>
    public bool Loaded => loadedOnce || maxEntries == 0;

    /// <summary>How many routes are held.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>At <see cref="RouteCacheOptions.MaxEntries"/>: routes past it are read from the database per call.</summary>
    public bool IsFull => Count >= maxEntries;

    /// <summary>Whether a load begun as this generation is still the one that counts.</summary>
    public bool IsCurrent(long generation) => listening && Interlocked.Read(ref loadGeneration) == generation;

    /// <summary>The cached route for a key, while it may serve (<see cref="RouteMemory"/>).</summary>
    public bool TryGet(RouteKey key, out Route? route)
    {
        route = null;
        if (!MayServe() || RoutePair.Of(key) is not { } pair) return false;
        CachedConversation conversation;
        Uri? interceptUrl;
        lock (gate)
            if (!table.TryGet(pair, out conversation, out interceptUrl)) return false;
        route = conversation.Route(interceptUrl);
        return true;
    }

    /// <summary>
    /// Keeps a route read from the database, unless any route changed since the read began: the
    /// row may be that one, read just before its change committed.
    /// </summary>
    public void Offer(RouteKey key, Route route, long epochAtRead)
    {
        if (!listening || Epoch != epochAtRead || RoutePair.Of(key) is not { } pair) return;
        if (CachedConversation.Of(route) is not { } conversation) return;
        Keep(pair, conversation, route.InterceptUrl, replace: true);
        if (Epoch != epochAtRead) Remove(pair);
    }

    /// <summary>A route row changed or went, as a notification names it ("callerdigits:dialeddigits").</summary>
    public void Changed(string rowId)
    {
        Interlocked.Increment(ref epoch);
        if (RoutePair.Of(rowId) is not { } pair) return;
        changedDuringLoad?.TryAdd(pair, 0);
        Remove(pair);
    }

    /// <summary>Both directions of a route this instance just ended or changed, before it answers.</summary>
    public void Forget(Route route)
    {
        Interlocked.Increment(ref epoch);
        foreach (var key in route.Keys)
            if (RoutePair.Of(key) is { } pair)
            {
                changedDuringLoad?.TryAdd(pair, 0);
                Remove(pair);
            }
    }

    /// <summary>Listening (again): anything cached before may have missed a notification.</summary>
    public void Listening()
    {
        Interlocked.Increment(ref epoch);
        Clear();
        listening = true;
        Heard();
    }

    /// <summary>
    /// Not listening: keep what is cached, serving it for a bounded time from now (the last moment
    /// the database was heard), and take nothing new until listening again.
    /// </summary>
    public void NotListening()
    {
        if (listening) Heard();
        listening = false;
        Interlocked.Increment(ref loadGeneration); // a load under way stops taking rows
        Interlocked.Increment(ref epoch);
    }

    /// <summary>
    /// Begins a whole load, after listening began and before its query takes its snapshot: from
    /// here every notification is remembered, so a row the query read before its change
    /// committed is not kept.
    /// </summary>
    public long BeginLoad()
    {
        changedDuringLoad = new ConcurrentDictionary<RoutePair, byte>();
        return Interlocked.Increment(ref loadGeneration);
    }

    /// <summary>
    /// Keeps one row of a load, unless a notification named it since the load began or the load
    /// is stale (listening was lost since). False when the load should stop: stale, or full.
    /// </summary>
    public bool Load(long generation, LoadedRoute row)
    {
        if (!listening || Interlocked.Read(ref loadGeneration) != generation || changedDuringLoad is not { } changed) return false;
        if (RoutePair.Of(row.Id) is not { } pair || changed.ContainsKey(pair)) return true;
        if (CachedConversation.Of(row) is not { } conversation) return true;
        // Never over a route offered meanwhile: that one was read later than this snapshot.
        if (!Keep(pair, conversation, row.InterceptUrl, replace: false)) return Count < maxEntries;
        if (changed.ContainsKey(pair)) Remove(pair); // named while it was being kept
        return Count < maxEntries;
    }

    /// <summary>Makes room for about this many routes at once, with a tenth more for new conversations.</summary>
    public void Reserve(long routes)
    {
        var room = Math.Min(Math.Max(routes, 0), maxEntries) * 11 / 10;
        lock (gate) table.Reserve((int)room);
    }

    /// <summary>Ends a load: complete, it makes the instance ready.</summary>
    public void EndLoad(long generation, bool complete)
    {
        if (Interlocked.Read(ref loadGeneration) != generation) return;
        changedDuringLoad = null;
        if (complete) loadedOnce = true;
    }

    // Listening is checked first so the hot path reads no clock.
    bool MayServe() =>
        listening || RouteMemory.MayServe(listening: false,
            new DateTimeOffset(Interlocked.Read(ref lastHeardTicks), TimeSpan.Zero), clock.GetUtcNow(), staleFor);

    void Heard() => Interlocked.Exchange(ref lastHeardTicks, clock.GetUtcNow().UtcTicks);

    bool Keep(RoutePair pair, CachedConversation conversation, Uri? interceptUrl, bool replace)
    {
        lock (gate)
        {
            var kept = table.Set(pair, conversation, interceptUrl, replace, mayAdd: Count < maxEntries);
            if (kept == Kept.Added) Interlocked.Increment(ref count);
            return kept is Kept.Added or Kept.Replaced;
        }
    }

    void Remove(RoutePair pair)
    {
        lock (gate)
            if (table.Remove(pair))
                Interlocked.Decrement(ref count);
    }

    void Clear()
    {
        lock (gate)
        {
            Interlocked.Add(ref count, -table.Count);
            // A new table, not emptied: it would keep the old one's whole capacity.
            table = new CachedRoutes();
        }
    }
}

/// <summary>A route row as the load reads it: numbers as integers, straight from SQL.</summary>
public sealed record LoadedRoute(string Id, Guid ConversationId, ulong A, ulong VA, ulong B, ulong VB, DateTimeOffset ExpiresAt,
    Channels Channels, string? Language, Uri? InterceptUrl);
