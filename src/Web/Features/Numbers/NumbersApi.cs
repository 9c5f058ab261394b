using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Numbers;

/// <summary>
/// What every /numbers endpoint shares: the path, the OpenAPI tag, the API key's 401, the view.
/// {number} in a path may be +E.164 (URL-encoded) or digits only.
/// </summary>
static class NumbersApi
{
    public static RouteGroupBuilder MapNumbers(this IEndpointRouteBuilder app) =>
        app.MapGroup("/numbers").WithTags("Numbers").ProducesProblem(401)
            .RequireRateLimiting(RateLimits.Api).ProducesProblem(429);

    static readonly string[] KnownFeatures = ["VOICE", "SMS", "MMS"];

    /// <summary>Vonage's number features; none given means voice and SMS.</summary>
    public static Validation<InputError, string[]> Features(string[]? features) =>
        features is null || features.Length == 0
            ? Success<InputError, string[]>(PoolNumber.DefaultFeatures)
            : features.All(f => KnownFeatures.Contains(f))
                ? Success<InputError, string[]>(features.Distinct().ToArray())
                : Fail<InputError, string[]>(new InputError("features", "may only hold VOICE, SMS and MMS"));
}

/// <summary>A pool number as the REST API shows it.</summary>
public sealed record NumberView(string Number, string Country, bool Reserved, string[] Features, long InUse)
{
    public static NumberView Of(PoolNumber n, long inUse) => new(n.Id, n.Country, n.Reserved, n.Features, inUse);
}
