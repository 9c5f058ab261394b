using Carter;
using Marten;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Numbers;

/// <summary>GET /numbers: the pool, each number with how many active conversations use it.</summary>
public sealed class List : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNumbers().MapGet("/", Handle).WithName("listNumbers")
            .WithSummary("The pool, each number with how many active conversations use it")
            .Produces<List<NumberView>>();

    static async Task<IResult> Handle(IQuerySession session, NumberPool pool, CancellationToken ct)
    {
        var use = await pool.Use(ct);
        var numbers = await session.Query<PoolNumber>().OrderBy(n => n.Id).ToListAsync(ct);
        return TypedResults.Ok(numbers.Select(n => NumberView.Of(n, use.GetValueOrDefault(n.Id))).ToList());
    }
}
