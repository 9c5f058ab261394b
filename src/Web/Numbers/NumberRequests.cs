using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Numbers;

public sealed record AddNumberRequest(string? Number, string? Country, string[]? Features);

public sealed record ProvisionRequest(string? Country, int? Count, string[]? Features);

public sealed record ReserveRequest(bool? Reserved);

/// <summary>Validation of the pool endpoints' bodies: every wrong field, at once.</summary>
public static class NumberRequests
{
    public const int MaxProvisionCount = 100;
    static readonly string[] KnownFeatures = ["VOICE", "SMS", "MMS"];

    public static Validation<InputError, (PhoneNumber Number, string[] Features)> Validate(
        AddNumberRequest r, string region) =>
        (Number(r.Number, r.Country, region), Features(r.Features)).Apply((n, f) => (n, f));

    public static Validation<InputError, (string Country, int Count, string[] Features)> Validate(
        ProvisionRequest r) =>
        (Country(r.Country), Count(r.Count), Features(r.Features)).Apply((c, n, f) => (c, n, f));

    static Validation<InputError, PhoneNumber> Number(string? raw, string? country, string region) =>
        PhoneNumber.Parse(raw, region).Match(
            Right: n => country is null || country == n.Country
                ? Success<InputError, PhoneNumber>(n)
                : Fail<InputError, PhoneNumber>(new InputError("country", $"does not match the number's country ({n.Country})")),
            Left: why => Fail<InputError, PhoneNumber>(new InputError("number", why)));

    static Validation<InputError, string> Country(string? code) =>
        PhoneNumber.IsCountry(code)
            ? Success<InputError, string>(code!)
            : Fail<InputError, string>(new InputError("country", "must be an ISO 3166 country code in upper case, e.g. GB"));

    static Validation<InputError, int> Count(int? count) =>
        count is >= 1 and <= MaxProvisionCount
            ? Success<InputError, int>(count.Value)
            : Fail<InputError, int>(new InputError("count", $"must be between 1 and {MaxProvisionCount}"));

    static Validation<InputError, string[]> Features(string[]? features) =>
        features is null || features.Length == 0
            ? Success<InputError, string[]>(Persistence.PoolNumber.DefaultFeatures)
            : features.All(f => KnownFeatures.Contains(f))
                ? Success<InputError, string[]>(features.Distinct().ToArray())
                : Fail<InputError, string[]>(new InputError("features", "may only hold VOICE, SMS and MMS"));
}
