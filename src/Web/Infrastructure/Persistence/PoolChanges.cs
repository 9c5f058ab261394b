using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Writes to the pool, shared by the pool's endpoints and by creation's auto-provisioning. Other
/// instances learn of a change by NOTIFY at commit; this one forgets its copy at once, so its
/// next creation allocates from the pool as just written.
/// </summary>
public sealed class PoolChanges(
    IDocumentSession session, NumberPool pool, PoolCache cache, INumberProvider provider, IOptions<PoolOptions> options)
{
    public IDocumentSession Session => session;

    public async Task Commit(CancellationToken ct)
    {
        await session.SaveChangesAsync(ct);
        cache.Changed();
    }

    /// <summary>Rents numbers (Vonage: search, buy, link; sandbox: mint fictional ones) and adds them.</summary>
    public async Task<Either<PoolError, Seq<PoolNumber>>> Provision(
        string country, int count, string[] features, CancellationToken ct)
    {
        var snapshot = await pool.Load(ct);
        var room = PoolRules.Room(snapshot.All.Count, count, options.Value.MaxSize);
        if (room.IsLeft) return room.Map(_ => Seq<PoolNumber>.Empty);
        var rented = await provider.Provision(country, count, features, snapshot.All, ct);
        return await rented.MapAsync(async numbers =>
        {
            var added = numbers.Map(n => new PoolNumber(n.E164, n.Country, Reserved: false, features));
            session.Insert(added.ToArray());
            await Commit(ct);
            return added;
        });
    }
}
