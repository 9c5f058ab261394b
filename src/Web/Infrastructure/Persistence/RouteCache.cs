using System.Collections.Concurrent;
using System.Globalization;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary><c>VoiceProxy:RouteCache:*</c>.</summary>
public sealed class RouteCacheOptions
{
    /// <summary>
    /// How many active routes each instance keeps in memory (two per conversation, about 70 bytes
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
    // Sharded, each shard a plain dictionary under its own lock: a concurrent dictionary's node
    // per entry would cost 2M routes another 100 MB (docs/benchmarks.md). A lock taken for a few
    // dozen nanoseconds per call is not contended at tens of thousands of calls a second.
    const int ShardCount = 64;

    readonly Shard[] shards = Enumerable.Range(0, ShardCount).Select(_ => new Shard()).ToArray();
    readonly int maxEntries = options.Value.MaxEntries;
    readonly TimeSpan staleFor = TimeSpan.FromSeconds(options.Value.StaleForSeconds);
    int count;
    long epoch;
    long lastHeardTicks = clock.GetUtcNow().UtcTicks;
    volatile bool listening;

    // While a load runs: the keys a notification named since it began, which it must not keep.
    volatile ConcurrentDictionary<Pair, byte>? changedDuringLoad;
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
        if (!MayServe() || Pair.Of(key) is not { } pair) return false;
        var shard = ShardOf(pair);
        Entry entry;
        Uri? interceptUrl;
        lock (shard)
        {
            if (!shard.Routes.TryGetValue(pair, out entry)) return false;
            interceptUrl = entry.HasInterceptUrl ? shard.InterceptUrls.GetValueOrDefault(pair) : null;
        }
        route = entry.Route(pair, interceptUrl);
        return true;
    }

    /// <summary>
    /// Keeps a route read from the database, unless any route changed since the read began: the
    /// row may be that one, read just before its change committed.
    /// </summary>
    public void Offer(RouteKey key, Route route, long epochAtRead)
    {
        if (!listening || Epoch != epochAtRead || Pair.Of(key) is not { } pair) return;
        if (Entry.Of(pair, route) is not { } entry) return;
        Keep(pair, entry, route.InterceptUrl, replace: true);
        if (Epoch != epochAtRead) Remove(pair);
    }

    /// <summary>A route row changed or went, as a notification names it ("callerdigits:dialeddigits").</summary>
    public void Changed(string rowId)
    {
        Interlocked.Increment(ref epoch);
        if (Pair.Of(rowId) is not { } pair) return;
        changedDuringLoad?.TryAdd(pair, 0);
        Remove(pair);
    }

    /// <summary>Both directions of a route this instance just ended or changed, before it answers.</summary>
    public void Forget(Route route)
    {
        Interlocked.Increment(ref epoch);
        foreach (var key in route.Keys)
            if (Pair.Of(key) is { } pair)
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
        changedDuringLoad = new ConcurrentDictionary<Pair, byte>();
        return Interlocked.Increment(ref loadGeneration);
    }

    /// <summary>
    /// Keeps one row of a load, unless a notification named it since the load began or the load
    /// is stale (listening was lost since). False when the load should stop: stale, or full.
    /// </summary>
    public bool Load(long generation, LoadedRoute row)
    {
        if (!listening || Interlocked.Read(ref loadGeneration) != generation || changedDuringLoad is not { } changed) return false;
        if (Pair.Of(row.Id) is not { } pair || changed.ContainsKey(pair)) return true;
        if (Entry.Of(pair, row) is not { } entry) return true;
        // Never over a route offered meanwhile: that one was read later than this snapshot.
        if (!Keep(pair, entry, row.InterceptUrl, replace: false)) return Count < maxEntries;
        if (changed.ContainsKey(pair)) Remove(pair); // named while it was being kept
        return Count < maxEntries;
    }

    /// <summary>Makes room for about this many routes at once, with a tenth more for new conversations.</summary>
    public void Reserve(long routes)
    {
        var perShard = (int)Math.Min(Math.Max(routes, 0), maxEntries) * 11 / 10 / ShardCount;
        if (perShard == 0) return;
        foreach (var shard in shards)
            lock (shard) shard.Routes.EnsureCapacity(perShard);
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

    Shard ShardOf(Pair pair) => shards[(int)((pair.Caller ^ pair.Dialed) % ShardCount)];

    bool Keep(Pair pair, Entry entry, Uri? interceptUrl, bool replace)
    {
        var shard = ShardOf(pair);
        lock (shard)
        {
            var had = shard.Routes.ContainsKey(pair);
            if (had && !replace) return false;
            if (!had && Count >= maxEntries) return false;
            shard.Routes[pair] = entry;
            if (interceptUrl is not null) shard.InterceptUrls[pair] = interceptUrl;
            else if (had) shard.InterceptUrls.Remove(pair);
            if (!had) Interlocked.Increment(ref count);
            return true;
        }
    }

    void Remove(Pair pair)
    {
        var shard = ShardOf(pair);
        lock (shard)
        {
            if (!shard.Routes.Remove(pair)) return;
            shard.InterceptUrls.Remove(pair);
            Interlocked.Decrement(ref count);
        }
    }

    void Clear()
    {
        foreach (var shard in shards)
            lock (shard)
            {
                Interlocked.Add(ref count, -shard.Routes.Count);
                // A new dictionary, not Clear(): that would keep the old one's whole capacity.
                shard.Routes = [];
                shard.InterceptUrls.Clear();
            }
    }

    sealed class Shard
    {
        public Dictionary<Pair, Entry> Routes = [];

        // Only the few conversations that name their own intercept URL have one.
        public readonly Dictionary<Pair, Uri> InterceptUrls = [];
    }

    readonly record struct Pair(ulong Caller, ulong Dialed)
    {
        public static Pair? Of(RouteKey key) =>
            Number(key.Caller.Digits) is { } caller && Number(key.Dialed.Digits) is { } dialed
                ? new Pair(caller, dialed)
                : null;

        public static Pair? Of(string rowId)
        {
            var colon = rowId.IndexOf(':');
            return colon > 0 && Number(rowId.AsSpan(0, colon)) is { } caller && Number(rowId.AsSpan(colon + 1)) is { } dialed
                ? new Pair(caller, dialed)
                : null;
        }
    }

    // What routing needs beyond the key, compactly (40 bytes): the key holds the caller's number
    // and the number they dialed (the counterpart's virtual number); the entry holds the other
    // two numbers as integers and the expiry as UTC ticks. E.164 has at most 15 digits, under
    // 2^50, so each number's top byte is free: one holds the flags (which side the caller is,
    // the channels), the other the language as its place in Language.Supported. As separate
    // fields they padded the entry to 48 bytes: 16 MB more for a million conversations. A whole
    // route row took a kilobyte, records of strings 400 bytes (docs/benchmarks.md).
    readonly struct Entry(Guid id, ulong callerVirtual, ulong counterpart, long expiresAt, Flags flags, byte language)
    {
        const int TopByte = 56;
        const ulong NumberBits = (1UL << TopByte) - 1;

        public Guid Id { get; } = id;
        readonly ulong callerVirtualAndFlags = callerVirtual | (ulong)flags << TopByte;
        readonly ulong counterpartAndLanguage = counterpart | (ulong)language << TopByte;
        public long ExpiresAt { get; } = expiresAt;

        public ulong CallerVirtual => callerVirtualAndFlags & NumberBits;
        public ulong Counterpart => counterpartAndLanguage & NumberBits;
        public Flags Flags => (Flags)(callerVirtualAndFlags >> TopByte);
        public byte Language => (byte)(counterpartAndLanguage >> TopByte);

        public bool HasInterceptUrl => (Flags & Flags.InterceptUrl) != 0;

        public static Entry? Of(Pair pair, Route r)
        {
            if (r.Ended || Numbers(r) is not var (a, va, b, vb)) return null;
            return Of(pair, r.ConversationId, a, va, b, vb, r.ExpiresAt.UtcTicks, r.Channels, r.Language, r.InterceptUrl is not null);
        }

        public static Entry? Of(Pair pair, LoadedRoute r) =>
            Of(pair, r.ConversationId, r.A, r.VA, r.B, r.VB, r.ExpiresAt.UtcTicks, r.Channels, r.Language, r.InterceptUrl is not null);

        static Entry? Of(Pair pair, Guid id, ulong a, ulong va, ulong b, ulong vb, long expiresAt, Channels channels,
            string? language, bool intercept)
        {
            var flags = (Flags)(byte)channels | (intercept ? Flags.InterceptUrl : 0);
            // The key names the side: A dials B's virtual number, B dials A's.
            if (pair == new Pair(a, vb)) return new Entry(id, va, b, expiresAt, flags | Flags.CallerIsA, LanguageIndex(language));
            if (pair == new Pair(b, va)) return new Entry(id, vb, a, expiresAt, flags, LanguageIndex(language));
            return null;
        }

        public Route Route(Pair key, Uri? interceptUrl)
        {
            var caller = new Participant(Phone(key.Caller), Phone(CallerVirtual));
            var counterpart = new Participant(Phone(Counterpart), Phone(key.Dialed));
            var (a, b) = (Flags & Flags.CallerIsA) != 0 ? (caller, counterpart) : (counterpart, caller);
            return new Route(Id, a, b, new DateTimeOffset(ExpiresAt, TimeSpan.Zero), Ended: false,
                (Channels)(byte)(Flags & Flags.Channels), Language == 0 ? null : Languages[Language - 1], interceptUrl);
        }

        static (ulong, ulong, ulong, ulong)? Numbers(Route r) =>
            (Number(r.A.Number.Digits), Number(r.A.VirtualNumber.Digits), Number(r.B.Number.Digits), Number(r.B.VirtualNumber.Digits))
                is ({ } a, { } va, { } b, { } vb)
                ? (a, va, b, vb)
                : null;

        static Core.Numbers.PhoneNumber Phone(ulong digits) => StoredNumber.Parse("+" + digits.ToString(CultureInfo.InvariantCulture));
    }

    [Flags]
    enum Flags : byte
    {
        Channels = 0b0000_0011, // Core.Conversations.Channels' bits, as they are
        CallerIsA = 0b0001_0000,
        InterceptUrl = 0b0010_0000,
    }

    // Language.Supported's own string instances: routing gets the canonical tag back, never a copy.
    static readonly string[] Languages = Core.Conversations.Language.Supported.ToArray();

    static byte LanguageIndex(string? language) =>
        Core.Conversations.Language.Canonical(language).Match(l => (byte)(Array.IndexOf(Languages, l) + 1), () => (byte)0);

    static ulong? Number(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 15 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}

/// <summary>A route row as the load reads it: numbers as integers, straight from SQL.</summary>
public sealed record LoadedRoute(string Id, Guid ConversationId, ulong A, ulong VA, ulong B, ulong VB, DateTimeOffset ExpiresAt,
    Channels Channels, string? Language, Uri? InterceptUrl);
