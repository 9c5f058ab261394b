using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Writes to the pool, shared by the pool's endpoints and by creation's auto-provisioning. Numbers
/// join the pool one writer at a time, on every instance (an advisory lock held by the writing
/// transaction), so VoiceProxy:Pool:MaxSize and "a number joins once" hold under concurrency.
/// Other instances learn of a change by NOTIFY at commit; this one forgets its copy at once, so
/// its next creation allocates from the pool as just written.
/// </summary>
public sealed class PoolChanges(
    IDocumentSession session, PoolCache cache, INumberProvider provider, IOptions<PoolOptions> options, TimeProvider clock)
{
    // Any fixed number, the same in every instance: the lock's name.
    const long PoolLock = 0x766f_6963_6570_6f6f;

    public IDocumentSession Session => session;

    public async Task Commit(CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        cache.Changed();
    }

    /// <summary>Adds a number already rented.</summary>
    public async Task<Either<PoolError, PoolNumber>> Add(PhoneNumber number, string[] features, CancellationToken ct)
    {
        var pool = await LockedPool(ct);
        var isParticipant = await session.Query<ProxyRoute>().AnyAsync(r => r.Caller == number.E164, ct);
        var allowed = from _ in PoolRules.Room(pool.Count, 1, options.Value.MaxSize)
                      from n in PoolRules.Addable(number, pool, isParticipant)
                      select new PoolNumber(n.E164, n.Country, Reserved: false, features);
        return await allowed.MapAsync(async added =>
        {
            session.Insert(added);
            await Commit(ct);
            return added;
        });
    }

    /// <summary>Rents numbers (Vonage: search, buy, link; sandbox: mint fictional ones) and adds them.</summary>
    /// <param name="key">An Idempotency-Key (its id, scoped to the caller, and the request's
    /// fingerprint): a request under a key already used answers with what that one rented.</param>
    public async Task<Either<PoolError, Provisioned>> Provision(
        string country, int count, string[] features, CancellationToken ct, (string Id, string Key, string Fingerprint)? key = null)
    {
        var pool = await LockedPool(ct);
        // Under the pool lock: a concurrent request under the same key waits here for this one's commit.
        var earlier = key is { } k ? Optional(await session.LoadAsync<StoredProvisioning>(k.Id, ct)) : None;
        if (key is { } used)
        {
            switch (Idempotency.Decide(earlier.Map(e => e.Request), used.Fingerprint, clock.GetUtcNow(), Idempotency.Window))
            {
                case Repeat.Replay:
                    return new Provisioned(toSeq(earlier.Head().Numbers), Replayed: true);
                case Repeat.Mismatch m:
                    return new PoolError.KeyReused(m.Key);
            }
        }
        var room = PoolRules.Room(pool.Count, count, options.Value.MaxSize);
        if (room.IsLeft) return room.Map(_ => new Provisioned(Seq<PoolNumber>(), false));
        var rented = await provider.Provision(country, count, features, pool, ct);
        return await rented.MapAsync(async numbers =>
        {
            var added = numbers.Map(n => new PoolNumber(n.E164, n.Country, Reserved: false, features));
            session.Insert(added.ToArray());
            if (key is { } k) session.Store(new StoredProvisioning(k.Id, k.Key, k.Fingerprint, added.ToArray(), clock.GetUtcNow()));
            await Commit(ct);
            return new Provisioned(added, Replayed: false);
        });
    }

    // The pool as it is inside this session's transaction, which holds the pool lock until it
    // commits: no other writer can add between this read and this write.
    async Task<Set<PhoneNumber>> LockedPool(CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand($"select pg_advisory_xact_lock({PoolLock})", session.Connection))
            await command.ExecuteNonQueryAsync(ct);
        var ids = await session.Query<PoolNumber>().Select(n => n.Id).ToListAsync(ct);
        return toSet(ids.Select(StoredNumber.Parse));
    }
}

/// <summary>What a provisioning added, or, replayed under its Idempotency-Key, what the first one did.</summary>
public sealed record Provisioned(Seq<PoolNumber> Numbers, bool Replayed);
