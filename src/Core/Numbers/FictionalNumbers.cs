using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>
/// Numbers for the sandbox's pool, which must never ring a real phone. Where a regulator sets a
/// range aside for fiction, that range: GB, Ofcom's drama mobiles (+44 7700 900000–900999); US,
/// the NANP's 555-0100–0199 (here in area code 202); DE, the Bundesnetzagentur's Berlin drama
/// numbers (+49 30 23125 000–999, Mitteilung 148/2021). Elsewhere no such range is known to us,
/// so the numbering plan's example mobile with its last digits varied: well-formed, possibly
/// someone's real number, and harmless only because the sandbox never calls or texts anyone.
/// </summary>
public static class FictionalNumbers
{
    static readonly Map<string, (long First, int Count)> ReservedForFiction = Map(
        ("GB", (447700900000L, 1000)),
        ("US", (12025550100L, 100)),
        ("DE", (493023125000L, 1000)));

    const int Block = 1000;

    public static Either<string, Seq<PhoneNumber>> Mint(string country, int count, Set<PhoneNumber> taken) =>
        Candidates(country)
            .Map(candidates => toSeq(candidates.Where(n => !taken.Contains(n)).Take(count).ToList()))
            .ToEither($"'{country}' is not a country with mobile numbers")
            .Bind(minted => minted.Count == count
                ? Right<string, Seq<PhoneNumber>>(minted)
                : Left<string, Seq<PhoneNumber>>($"only {minted.Count} more fictional numbers exist for {country}"));

    static Option<IEnumerable<PhoneNumber>> Candidates(string country) =>
        ReservedForFiction.Find(country).Match(
            Some: range => Some(Range(range.First, range.Count)),
            None: () => PhoneNumber.ExampleMobile(country).Map(example =>
                Range(long.Parse(example.Digits, System.Globalization.CultureInfo.InvariantCulture) / Block * Block, Block)
                    .Where(n => n.Country == country)));

    static IEnumerable<PhoneNumber> Range(long first, int count) =>
        Enumerable.Range(0, count)
            .Select(i => PhoneNumber.Parse("+" + (first + i), "ZZ"))
            .SelectMany(parsed => parsed.RightToSeq());
}
