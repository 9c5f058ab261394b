using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Numbers;

public sealed record AddNumberRequest(string? Number, string? Country, string[]? Features);

/// <summary>POST /numbers: add a number already rented from Vonage to the pool.</summary>
public sealed class Add : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNumbers().MapPost("/", Handle)
            .WithSummary("Add a number already rented").Produces<NumberView>(201)
            .ProducesValidationProblem(422).ProducesProblem(409);

    static async Task<IResult> Handle(AddNumberRequest? request, PoolChanges changes, NumberPool pool,
        IOptions<VoiceProxyOptions> options, IOptions<PoolOptions> poolOptions, CancellationToken ct) =>
        (await Run(request ?? new(null, null, null), changes, pool, options.Value.DefaultCountry,
            poolOptions.Value.MaxSize, ct)).Match(
            Right: n => TypedResults.Created($"/numbers/{Uri.EscapeDataString(n.Number)}", n),
            Left: e => e.ToResult());

    static async Task<Either<PoolError, NumberView>> Run(AddNumberRequest request, PoolChanges changes,
        NumberPool pool, string region, int maxSize, CancellationToken ct)
    {
        var valid = Validate(request, region);
        if (valid.IsFail) return new PoolError.Invalid(valid.FailToSeq());
        var (number, features) = valid.SuccessToSeq().Head();
        var snapshot = await pool.Load(ct);
        var allowed = from _ in PoolRules.Room(snapshot.All.Count, 1, maxSize)
                      from n in PoolRules.Addable(number, snapshot.All)
                      select n;
        if (allowed.IsLeft) return allowed.Map(_ => default(NumberView)!);
        var added = new PoolNumber(number.E164, number.Country, Reserved: false, features);
        changes.Session.Insert(added);
        try
        {
            await changes.Commit(ct);
        }
        catch (Exception e) when (UniqueViolation.IsIn(e)) // added concurrently, here or on another instance
        {
            return new PoolError.AlreadyInPool(number);
        }
        return NumberView.Of(added, 0);
    }

    static Validation<InputError, (PhoneNumber Number, string[] Features)> Validate(AddNumberRequest r, string region) =>
        (Number(r.Number, r.Country, region), NumbersApi.Features(r.Features)).Apply((n, f) => (n, f));

    static Validation<InputError, PhoneNumber> Number(string? raw, string? country, string region) =>
        PhoneNumber.Parse(raw, region).Match(
            Right: n => country is null || country == n.Country
                ? Success<InputError, PhoneNumber>(n)
                : Fail<InputError, PhoneNumber>(new InputError("country", $"does not match the number's country ({n.Country})")),
            Left: why => Fail<InputError, PhoneNumber>(new InputError("number", why)));
}
