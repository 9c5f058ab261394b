using Carter;
using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Numbers;

public sealed record ProvisionRequest(string? Country, int? Count, string[]? Features);

/// <summary>POST /numbers/provision: rent numbers (Vonage: search, buy, link; sandbox: mint fictional ones).</summary>
public sealed class Provision : ICarterModule
{
    public const int MaxCount = 100;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapNumbers().MapPost("/provision", Handle).WithName("provisionNumbers")
            .WithSummary("Rent numbers: search, buy and link them to the Vonage application (sandbox: mint fictional ones)")
            .WithDescription("With an Idempotency-Key header, the same request again within 24 hours answers with the " +
                "numbers the first one rented (Idempotent-Replayed: true) and rents nothing more; the same key with another " +
                "body is 422. Keys are scoped to the API key that sent them.")
            .Produces<NumberView[]>(201).ProducesValidationProblem(422).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503);

    static async Task<IResult> Handle(ProvisionRequest? request, HttpContext http, PoolChanges changes, CancellationToken ct)
    {
        var key = IdempotencyHeader.Of(http);
        var valid = Validate(request ?? new(null, null, null));
        if (key.IsFail || valid.IsFail) return new PoolError.Invalid(key.FailToSeq() + valid.FailToSeq()).ToResult();
        var (country, count, features) = valid.SuccessToSeq().Head();
        var used = key.SuccessToSeq().Head().Map(k => (StoredIdempotencyKey.IdOf(k.Caller, k.Key), k.Key, IdempotencyHeader.Fingerprint(request!)));
        return (await changes.Provision(country, count, features, ct, used.MatchUnsafe(u => u, () => ((string, string, string)?)null))).Match(
            Right: provisioned =>
            {
                if (provisioned.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
                return (IResult)TypedResults.Created("/numbers", provisioned.Numbers.Map(n => NumberView.Of(n, 0)).ToArray());
            },
            Left: e => e.ToResult());
    }



    static Validation<InputError, (string Country, int Count, string[] Features)> Validate(ProvisionRequest r) =>
        (Country(r.Country), Count(r.Count), NumbersApi.Features(r.Features)).Apply((c, n, f) => (c, n, f));

    static Validation<InputError, string> Country(string? code) =>
        PhoneNumber.IsCountry(code)
            ? Success<InputError, string>(code!)
            : Fail<InputError, string>(new InputError("country", "must be an ISO 3166 country code in upper case, e.g. GB"));

    static Validation<InputError, int> Count(int? count) =>
        count is >= 1 and <= MaxCount
            ? Success<InputError, int>(count.Value)
            : Fail<InputError, int>(new InputError("count", $"must be between 1 and {MaxCount}"));
}
