using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>
/// Numbers for the sandbox's pool, which must never ring a real phone. For GB, Ofcom's drama
/// range (+44 7700 900000–900999), set aside for fiction. Elsewhere there is no such range for
/// mobiles everywhere, so the plan's example mobile with its last digits varied: well-formed,
/// and only ever "called" by the sandbox, which places no calls.
/// </summary>
public static class FictionalNumbers
{
    const long DramaRangeStart = 447700900000;
    const int Block = 1000;

    public static Either<string, Seq<PhoneNumber>> Mint(string country, int count, Set<PhoneNumber> taken) =>
        Candidates(country)
            .Map(candidates => toSeq(candidates.Where(n => !taken.Contains(n)).Take(count).ToList()))
            .ToEither($"'{country}' is not a country with mobile numbers")
            .Bind(minted => minted.Count == count
                ? Right<string, Seq<PhoneNumber>>(minted)
                : Left<string, Seq<PhoneNumber>>($"only {minted.Count} more fictional numbers exist for {country}"));

    static Option<IEnumerable<PhoneNumber>> Candidates(string country) =>
        country == "GB"
            ? Some(Range(DramaRangeStart))
            : PhoneNumber.ExampleMobile(country).Map(example =>
                Range(long.Parse(example.Digits, System.Globalization.CultureInfo.InvariantCulture) / Block * Block).Where(n => n.Country == country));

    static IEnumerable<PhoneNumber> Range(long first) =>
        Enumerable.Range(0, Block)
            .Select(i => PhoneNumber.Parse("+" + (first + i), "ZZ"))
            .SelectMany(parsed => parsed.RightToSeq());
}
