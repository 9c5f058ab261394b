using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Numbers;

/// <summary>DELETE /numbers/{number}: end the rental; refused while active conversations route through it.</summary>
public sealed class Release : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNumbers().MapDelete("/{number}", Handle).WithName("releaseNumber")
            .WithSummary("Release a number (cancel the rental); refused while in use")
            .Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesProblem(502).ProducesProblem(503);

    static async Task<IResult> Handle(string number, PoolChanges changes, NumberPool pool, INumberProvider provider,
        IOptions<VoiceProxyOptions> options, CancellationToken ct) =>
        (await Run(number, changes, pool, provider, options.Value.DefaultCountry, ct))
            .Match(Right: _ => TypedResults.NoContent(), Left: e => e.ToResult());

    static async Task<Either<PoolError, Unit>> Run(string raw, PoolChanges changes, NumberPool pool,
        INumberProvider provider, string region, CancellationToken ct)
    {
        var found = await PoolNumbers.Find(changes.Session, raw, region, ct);
        if (found.IsLeft) return found.Map(_ => unit);
        var number = StoredNumber.Parse(found.RightToSeq().Head().Id);
        var releasable = PoolRules.Releasable(number, await pool.IsInUse(number, ct));
        if (releasable.IsLeft) return releasable.Map(_ => unit);
        var released = await provider.Release(number, ct);
        if (released.IsLeft) return released;
        changes.Session.Delete<PoolNumber>(number.E164);
        await changes.Commit(ct);
        return unit;
    }
}
