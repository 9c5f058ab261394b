using LanguageExt;
using Marten;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Persistence;

/// <summary>The pool as the allocator (callable numbers) and the validator (every number) need it.</summary>
public sealed record PoolSnapshot(Seq<PoolEntry> Callable, Set<PhoneNumber> All);

/// <summary>A pool number and how many active conversations use it.</summary>
public sealed record NumberUse(string Number, long InUse);

public sealed class NumberPool(IQuerySession session)
{
    public async Task<PoolSnapshot> Load(CancellationToken ct)
    {
        var numbers = await session.Query<PoolNumber>().OrderBy(n => n.Id).ToListAsync(ct);
        return new PoolSnapshot(
            toSeq(numbers.Where(n => n.CanCall).Select(n => new PoolEntry(StoredNumber.Parse(n.Id), n.Reserved))),
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

    /// <summary>What stood for each of the pair the last time they talked, if they did.</summary>
    public async Task<Option<PairHistory>> History(PhoneNumber a, PhoneNumber b, CancellationToken ct) =>
        Optional(await session.LoadAsync<PairRecord>(PairRecord.Key(a, b), ct)).Map(r =>
            new PairHistory(toMap(r.StoodFor.Select(kv =>
                (StoredNumber.Parse(kv.Key), StoredNumber.Parse(kv.Value))))));
}
