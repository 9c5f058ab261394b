using Carter;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Numbers;

namespace VoiceProxy.Web.Modules;

/// <summary>The pool of virtual numbers. {number} may be +E.164 (URL-encoded) or digits only.</summary>
public sealed class NumbersModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var numbers = app.MapGroup("/numbers").WithTags("Numbers").ProducesProblem(401);

        numbers.MapGet("/", async (ManagePool pool, CancellationToken ct) => TypedResults.Ok(await pool.List(ct)))
            .WithSummary("The pool, each number with how many active conversations use it")
            .Produces<List<NumberView>>();

        numbers.MapPost("/", async (AddNumberRequest? request, ManagePool pool, CancellationToken ct) =>
            (await pool.Add(request ?? new(null, null, null), ct)).Match(
                Right: n => TypedResults.Created($"/numbers/{Uri.EscapeDataString(n.Number)}", n),
                Left: e => e.ToResult()))
            .WithSummary("Add a number already rented").Produces<NumberView>(201)
            .ProducesValidationProblem(422).ProducesProblem(409);

        numbers.MapPost("/provision", async (ProvisionRequest? request, ManagePool pool, CancellationToken ct) =>
            (await pool.Provision(request ?? new(null, null, null), ct)).Match(
                Right: added => TypedResults.Created("/numbers", added.ToArray()),
                Left: e => e.ToResult()))
            .WithSummary("Rent numbers: search, buy and link them to the Vonage application (sandbox: mint fictional ones)")
            .Produces<NumberView[]>(201).ProducesValidationProblem(422).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503);

        numbers.MapPatch("/{number}", async (string number, ReserveRequest? request, ManagePool pool,
                CancellationToken ct) =>
            request?.Reserved is { } reserved
                ? (await pool.SetReserved(number, reserved, ct)).Match(Right: TypedResults.Ok, Left: e => e.ToResult())
                : ErrorResults.MissingField("reserved", "is required (true or false)"))
            .WithSummary("Reserve a number (never assigned again, so it drains) or unreserve it")
            .Produces<NumberView>().ProducesValidationProblem(422).ProducesProblem(404);

        numbers.MapDelete("/{number}", async (string number, ManagePool pool, CancellationToken ct) =>
            (await pool.Release(number, ct)).Match(Right: _ => TypedResults.NoContent(), Left: e => e.ToResult()))
            .WithSummary("Release a number (cancel the rental); refused while in use")
            .Produces(204).ProducesProblem(404).ProducesProblem(409).ProducesProblem(502).ProducesProblem(503);
    }
}
