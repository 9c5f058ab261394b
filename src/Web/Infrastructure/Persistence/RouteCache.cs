using System.Collections.Concurrent;
using System.Globalization;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary><c>VoiceProxy:RouteCache:*</c>.</summary>
public sealed class RouteCacheOptions
{
    /// <summary>How many active routes each instance keeps in memory; 0 turns the cache off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000_000, ErrorMessage =
        "VoiceProxy:RouteCache:MaxEntries must be between 0 (off) and 10000000.")]
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>
    /// How long cached routes still connect calls after the instance stopped hearing the
    /// database's change notifications (docs/architecture.md, "Database outages").
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400, ErrorMessage =
        "VoiceProxy:RouteCache:StaleForSeconds must be between 0 and 86400.")]
    public int StaleForSeconds { get; set; } = 120;
}

/// <summary>
/// Active routes kept in memory, so answering a known caller needs no database read. Correct
/// across instances because <see cref="ChangeListener"/> listens: every write or delete of a
/// route row (close, expiry, a changed expiry, rebuild) notifies every instance at commit, which
/// evicts it; the instance that ends a conversation evicts its routes itself before it answers
/// (<see cref="Forget(Route)"/>). Only rows found in the database are cached (never "no route"),
/// so a new conversation is visible at once; expiry stays exact because routing checks the
/// cached expiry against now. When the listener loses the database, the cache keeps what it has
/// and serves it for <see cref="RouteCacheOptions.StaleForSeconds"/> (<see cref="RouteMemory"/>),
/// taking nothing new; when it hears the database again it starts afresh.
/// </summary>
public sealed class RouteCache(Microsoft.Extensions.Options.IOptions<RouteCacheOptions> options, TimeProvider clock)
{
    readonly ConcurrentDictionary<Pair, Entry> routes = new();
    readonly int maxEntries = options.Value.MaxEntries;
    readonly TimeSpan staleFor = TimeSpan.FromSeconds(options.Value.StaleForSeconds);
    long epoch;
    long lastHeardTicks = clock.GetUtcNow().UtcTicks;
    volatile bool listening;

    /// <summary>Taken before a database read, handed back to <see cref="Offer"/>.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    public bool IsListening => listening;

    /// <summary>The cached route for a key, while it may serve (<see cref="RouteMemory"/>).</summary>
    public bool TryGet(RouteKey key, out Route? route)
    {
        route = null;
        if (!MayServe() || Pair.Of(key) is not { } pair || !routes.TryGetValue(pair, out var entry)) return false;
        route = entry.Route;
        return true;
    }

    /// <summary>
    /// Keeps a route read from the database, unless any route changed since the read began: the
    /// row may be that one, read just before its change committed.
    /// </summary>
    public void Offer(RouteKey key, Route route, long epochAtRead)
    {
        if (!listening || routes.Count >= maxEntries || Epoch != epochAtRead
            || Pair.Of(key) is not { } pair || Entry.Of(route) is not { } entry) return;
        routes[pair] = entry;
        if (Epoch != epochAtRead) routes.TryRemove(pair, out _);
    }

    /// <summary>A route row changed or went, as a notification names it ("callerdigits:dialeddigits").</summary>
    public void Changed(string rowId)
    {
        Interlocked.Increment(ref epoch);
        if (Pair.Of(rowId) is { } pair) routes.TryRemove(pair, out _);
    }

    /// <summary>Both directions of a route this instance just ended or changed, before it answers.</summary>
    public void Forget(Route route)
    {
        Interlocked.Increment(ref epoch);
        foreach (var key in route.Keys)
            if (Pair.Of(key) is { } pair) routes.TryRemove(pair, out _);
    }

    /// <summary>Listening (again): anything cached before may have missed a notification.</summary>
    public void Listening()
    {
        Interlocked.Increment(ref epoch);
        routes.Clear();
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
        Interlocked.Increment(ref epoch);
    }

    // Listening is checked first so the hot path reads no clock.
    bool MayServe() =>
        listening || RouteMemory.MayServe(listening: false,
            new DateTimeOffset(Interlocked.Read(ref lastHeardTicks), TimeSpan.Zero), clock.GetUtcNow(), staleFor);

    void Heard() => Interlocked.Exchange(ref lastHeardTicks, clock.GetUtcNow().UtcTicks);

    // What routing needs, compactly: numbers as integers (E.164 has at most 15 digits), the expiry
    // as UTC ticks, all inline in the dictionary's node: about 110 bytes a route. Whole route
    // rows took a kilobyte, records of strings 400 bytes; at 100,000 routes that was the
    // difference between meeting the memory target and not (docs/benchmarks.md).
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

    // The language is Language.Supported's own string instance: a reference per entry, never a copy.
    // The intercept URL is null but for the conversations that name their own.
    readonly record struct Entry(Guid Id, ulong A, ulong VA, ulong B, ulong VB, long ExpiresAt, Channels Channels, string? Language,
        Uri? InterceptUrl)
    {
        public static Entry? Of(Route r) =>
            (Number(r.A.Number.Digits), Number(r.A.VirtualNumber.Digits), Number(r.B.Number.Digits), Number(r.B.VirtualNumber.Digits))
                is ({ } a, { } va, { } b, { } vb) && !r.Ended
                ? new Entry(r.ConversationId, a, va, b, vb, r.ExpiresAt.UtcTicks, r.Channels,
                    Core.Conversations.Language.Canonical(r.Language).MatchUnsafe(l => l, () => null), r.InterceptUrl)
                : null;

        public Route Route => new(Id, new Participant(Phone(A), Phone(VA)), new Participant(Phone(B), Phone(VB)),
            new DateTimeOffset(ExpiresAt, TimeSpan.Zero), Ended: false, Channels, Language, InterceptUrl);

        static Core.Numbers.PhoneNumber Phone(ulong digits) => StoredNumber.Parse("+" + digits.ToString(CultureInfo.InvariantCulture));
    }

    static ulong? Number(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 15 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
