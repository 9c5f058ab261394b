using System.Collections.Concurrent;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Persistence;

/// <summary><c>VoiceProxy:RouteCache:*</c>.</summary>
public sealed class RouteCacheOptions
{
    /// <summary>How many active routes each instance keeps in memory; 0 turns the cache off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000_000, ErrorMessage =
        "VoiceProxy:RouteCache:MaxEntries must be between 0 (off) and 10000000.")]
    public int MaxEntries { get; set; } = 100_000;
}

/// <summary>
/// Active route rows kept in memory, so answering a known caller needs no database read. Correct
/// across instances because it serves only while <see cref="DatabaseChanges"/> is listening: every
/// delete of a route row (close, expiry, rebuild) notifies every instance at commit, which evicts
/// it. Only rows found in the database are cached (never "no route"), so a new conversation is
/// visible at once; expiry stays exact because routing checks the cached expiresAt against now.
/// </summary>
public sealed class RouteCache(Microsoft.Extensions.Options.IOptions<RouteCacheOptions> options)
{
    readonly ConcurrentDictionary<string, Entry> routes = new(StringComparer.Ordinal);
    readonly int maxEntries = options.Value.MaxEntries;
    long epoch;
    volatile bool listening;

    /// <summary>Taken before a database read, handed back to <see cref="Offer"/>.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    public bool IsListening => listening;

    /// <summary>The cached conversation (as routing sees it) for a route key, when listening.</summary>
    public bool TryGet(string key, out Conversation? conversation)
    {
        conversation = null;
        if (!listening || !routes.TryGetValue(key, out var entry)) return false;
        conversation = entry.Conversation;
        return true;
    }

    /// <summary>
    /// Keeps a row read from the database, unless any route ended since the read began: the row
    /// may be that one, read just before its delete committed.
    /// </summary>
    public void Offer(string key, ProxyRoute route, long epochAtRead)
    {
        if (!listening || routes.Count >= maxEntries || Epoch != epochAtRead) return;
        routes[route.Id] = Entry.Of(route); // route.Id is the key; keeping it saves a string per entry
        if (Epoch != epochAtRead) routes.TryRemove(key, out _);
    }

    public void Ended(string key)
    {
        Interlocked.Increment(ref epoch);
        routes.TryRemove(key, out _);
    }

    /// <summary>Listening (again): anything cached before may have missed a notification.</summary>
    public void Listening()
    {
        Interlocked.Increment(ref epoch);
        routes.Clear();
        listening = true;
    }

    // What routing needs, compactly: about 400 bytes a route with its strings, shared with the
    // row it came from, instead of a kilobyte for the row with its number and participant objects.
    sealed record Entry(Guid Id, string A, string VA, string B, string VB, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    {
        public static Entry Of(ProxyRoute r) => new(r.ConversationId, r.A.Number.E164, r.A.VirtualNumber.E164,
            r.B.Number.E164, r.B.VirtualNumber.E164, r.CreatedAt, r.ExpiresAt);

        public Conversation Conversation => new(Id, ConversationStatus.Active,
            new Participant(StoredNumber.Parse(A), StoredNumber.Parse(VA)),
            new Participant(StoredNumber.Parse(B), StoredNumber.Parse(VB)),
            CreatedAt, ExpiresAt, null, LanguageExt.Set<string>.Empty);
    }

    /// <summary>Not listening: serve nothing from memory until listening again.</summary>
    public void Deaf()
    {
        listening = false;
        Interlocked.Increment(ref epoch);
        routes.Clear();
    }
}
