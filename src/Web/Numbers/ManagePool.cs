using JasperFx;
using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Persistence;
using VoiceProxy.Web.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Numbers;

/// <summary>A pool number as the REST API shows it.</summary>
public sealed record NumberView(string Number, string Country, bool Reserved, string[] Features, long InUse);

/// <summary>The pool's workflows: add, provision, reserve, release.</summary>
public sealed class ManagePool(
    IDocumentSession session, NumberPool pool, PoolCache cache, INumberProvider provider,
    IOptions<PoolOptions> poolOptions, IOptions<VoiceProxyOptions> options)
{
    readonly int maxSize = poolOptions.Value.MaxSize;

    // Other instances learn of a pool change by NOTIFY at commit; this one forgets its copy at
    // once, so its next creation allocates from the pool as just written.
    async Task Commit(CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        cache.Changed();
    }

    public async Task<IReadOnlyList<NumberView>> List(CancellationToken ct)
    {
        var use = await pool.Use(ct);
        var numbers = await session.Query<PoolNumber>().OrderBy(n => n.Id).ToListAsync(ct);
        return numbers.Select(n => View(n, use.GetValueOrDefault(n.Id))).ToList();
    }

    public async Task<Either<PoolError, NumberView>> Add(AddNumberRequest request, CancellationToken ct)
    {
        var valid = NumberRequests.Validate(request, options.Value.DefaultCountry);
        if (valid.IsFail) return Invalid(valid.FailToSeq());
        var (number, features) = valid.SuccessToSeq().Head();
        if (await pool.Count(ct) >= maxSize) return new PoolError.PoolFull(maxSize);
        var added = new PoolNumber(number.E164, number.Country, Reserved: false, features);
        session.Insert(added);
        try
        {
            await Commit(ct);
        }
        catch (DocumentAlreadyExistsException)
        {
            return new PoolError.AlreadyInPool(number);
        }
        return View(added, 0);
    }

    public async Task<Either<PoolError, Seq<NumberView>>> Provision(ProvisionRequest request, CancellationToken ct)
    {
        var valid = NumberRequests.Validate(request);
        if (valid.IsFail) return Invalid(valid.FailToSeq());
        var (country, count, features) = valid.SuccessToSeq().Head();
        var snapshot = await pool.Load(ct);
        if (snapshot.All.Count + count > maxSize) return new PoolError.PoolFull(maxSize);
        var rented = await provider.Provision(country, count, features, snapshot.All, ct);
        return await rented.MapAsync(async numbers =>
        {
            var added = numbers.Map(n => new PoolNumber(n.E164, n.Country, Reserved: false, features));
            session.Insert(added.ToArray());
            await Commit(ct);
            return added.Map(n => View(n, 0));
        });
    }

    public async Task<Either<PoolError, NumberView>> SetReserved(string raw, bool reserved, CancellationToken ct)
    {
        var found = await Find(raw, ct);
        return await found.MapAsync(async n =>
        {
            var changed = n with { Reserved = reserved };
            session.Store(changed);
            await Commit(ct);
            return View(changed, await pool.UseOf(n.Id, ct));
        });
    }

    /// <summary>Ends the rental; refused while any active conversation still routes through it.</summary>
    public async Task<Either<PoolError, Unit>> Release(string raw, CancellationToken ct)
    {
        var found = await Find(raw, ct);
        if (found.IsLeft) return found.Map(_ => unit);
        var number = StoredNumber.Parse(found.RightToSeq().Head().Id);
        if (await pool.IsInUse(number, ct)) return new PoolError.InUse(number);
        var released = await provider.Release(number, ct);
        if (released.IsLeft) return released;
        session.Delete<PoolNumber>(number.E164);
        await Commit(ct);
        return unit;
    }

    async Task<Either<PoolError, PoolNumber>> Find(string raw, CancellationToken ct)
    {
        var parsed = PhoneNumber.Parse(raw, options.Value.DefaultCountry);
        var stored = parsed.IsRight ? await session.LoadAsync<PoolNumber>(parsed.RightToSeq().Head().E164, ct) : null;
        return stored is null ? new PoolError.NotInPool() : stored;
    }

    static PoolError Invalid(Seq<InputError> errors) => new PoolError.Invalid(errors);

    static NumberView View(PoolNumber n, long inUse) => new(n.Id, n.Country, n.Reserved, n.Features, inUse);
}
