using LanguageExt;
using Marten;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>The pool as the allocator (callable numbers) and the validator (every number) need it.</summary>
public sealed record PoolSnapshot(Seq<PoolEntry> Callable, Set<PhoneNumber> All);

/// <summary>A pool number and how many active conversations use it.</summary>
public sealed record NumberUse(string Number, long InUse);

public sealed class NumberPool(IQuerySession session, PoolCache cache)
{
    /// <summary>The pool from memory when this instance is sure it is current, else read.</summary>
    public async Task<PoolSnapshot> Load(CancellationToken ct)
    {
        if (cache.Current is { } current) return current;
        var epoch = cache.Epoch;
        var read = await Read(ct);
        cache.Offer(read, epoch);
        return read;
    }

    async Task<PoolSnapshot> Read(CancellationToken ct)
    {
        var numbers = await session.Query<PoolNumber>().OrderBy(n => n.Id).ToListAsync(ct);
        // Built eagerly: the snapshot is shared by concurrent requests through the PoolCache.
        return new PoolSnapshot(
            toSeq(numbers.Where(n => n.CanCall).Select(n => new PoolEntry(StoredNumber.Parse(n.Id), n.Reserved)).ToArray()),
            toSet(numbers.Select(n => StoredNumber.Parse(n.Id))));
    }

    public async Task<int> Count(CancellationToken ct) => await session.Query<PoolNumber>().CountAsync(ct);

    /// <summary>Active conversations per virtual number: each one's routes dial it once or twice.</summary>
    public async Task<IReadOnlyDictionary<string, long>> Use(CancellationToken ct)
    {
        var rows = await session.QueryAsync<NumberUse>(
            $"""
            select jsonb_build_object('Number', data ->> 'Dialed',
                                      'InUse', count(distinct data ->> 'ConversationId'))
            from {MartenSetup.Schema}.mt_doc_proxyroute group by data ->> 'Dialed'
            """, ct);
        return rows.ToDictionary(r => r.Number, r => r.InUse);
    }

    /// <summary>Active conversations using one number: an index scan on Dialed, not the whole table.</summary>
    public async Task<long> UseOf(string e164, CancellationToken ct) =>
        (await session.Query<ProxyRoute>().Where(r => r.Dialed == e164).Select(r => r.ConversationId).ToListAsync(ct))
            .Distinct().Count();

    public async Task<bool> IsInUse(PhoneNumber number, CancellationToken ct) =>
        await session.Query<ProxyRoute>().AnyAsync(r => r.Dialed == number.E164, ct);

    /// <summary>
    /// What the allocator must know of a pair beyond the pool: the virtual numbers each already
    /// dials in active conversations, and what stood for each the last time they talked. One
    /// round trip: both reads go to PostgreSQL as one batch.
    /// </summary>
    /// <param name="except">A conversation whose own routes do not count (one being changed).</param>
    public async Task<PairStanding> Standing(PhoneNumber a, PhoneNumber b, CancellationToken ct, Guid? except = null)
    {
        var batch = session.CreateBatchQuery();
        var callers = new[] { a.E164, b.E164 };
        var other = except ?? Guid.Empty;
        var routes = batch.Query<ProxyRoute>().Where(r => callers.Contains(r.Caller) && r.ConversationId != other).ToList();
        var record = batch.Load<PairRecord>(PairRecord.Key(a, b));
        await batch.Execute(ct);
        var dialing = await routes;
        Dialer DialerOf(PhoneNumber p) => new(p,
            toSet(dialing.Where(r => r.Caller == p.E164).Select(r => StoredNumber.Parse(r.Dialed))));
        return new PairStanding(DialerOf(a), DialerOf(b), Optional(await record).Map(r =>
            new PairHistory(toMap(r.StoodFor.Select(kv =>
                (StoredNumber.Parse(kv.Key), StoredNumber.Parse(kv.Value)))))));
    }
}

/// <summary>A pair as the allocator sees it: whom each dials already, and their history.</summary>
public sealed record PairStanding(Dialer A, Dialer B, Option<PairHistory> History);
