using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
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
        app.MapNumbers().MapPost("/", Handle).WithName("addNumber")
            .WithSummary("Add a number already rented").Produces<NumberView>(201)
            .ProducesValidationProblem(422).ProducesProblem(409);

    static async Task<IResult> Handle(AddNumberRequest? request, PoolChanges changes,
        IOptions<VoiceProxyOptions> options, CancellationToken ct)
    {
        var valid = Validate(request ?? new(null, null, null), options.Value.DefaultCountry);
        if (valid.IsFail) return new PoolError.Invalid(valid.FailToSeq()).ToResult();
        var (number, features) = valid.SuccessToSeq().Head();
        return (await changes.Add(number, features, ct)).Match(
            Right: n => TypedResults.Created($"/numbers/{Uri.EscapeDataString(n.Id)}", NumberView.Of(n, 0)),
            Left: e => e.ToResult());
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
