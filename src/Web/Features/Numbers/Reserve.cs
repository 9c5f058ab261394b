using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Numbers;

public sealed record ReserveRequest(bool? Reserved);

/// <summary>PATCH /numbers/{number}: reserve a number (never assigned again, so it drains) or unreserve it.</summary>
public sealed class Reserve : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNumbers().MapPatch("/{number}", Handle).WithName("reserveNumber")
            .WithSummary("Reserve a number (never assigned again, so it drains) or unreserve it")
            .Produces<NumberView>().ProducesValidationProblem(422).ProducesProblem(404);

    static async Task<IResult> Handle(string number, ReserveRequest? request, PoolChanges changes, NumberPool pool,
        IOptions<VoiceProxyOptions> options, CancellationToken ct) =>
        request?.Reserved is { } reserved
            ? (await Run(number, reserved, changes, pool, options.Value.DefaultCountry, ct))
                .Match(Right: TypedResults.Ok, Left: e => e.ToResult())
            : ErrorResults.InvalidField("reserved", "is required (true or false)");

    static async Task<Either<PoolError, NumberView>> Run(
        string raw, bool reserved, PoolChanges changes, NumberPool pool, string region, CancellationToken ct) =>
        await (await PoolNumbers.Find(changes.Session, raw, region, ct)).MapAsync(async n =>
        {
            var changed = n with { Reserved = reserved };
            changes.Session.Store(changed);
            await changes.Commit(ct);
            return NumberView.Of(changed, await pool.UseOf(n.Id, ct));
        });
}
