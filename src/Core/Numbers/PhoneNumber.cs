using LanguageExt;
using PhoneNumbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>
/// A phone number in E.164 form. The only place numbers are parsed: it accepts '+E.164',
/// Vonage's digits-only form ('447700900123') and national format with a default region.
/// </summary>
public sealed record PhoneNumber : IComparable<PhoneNumber>
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164, string country, bool isAssigned)
    {
        E164 = e164;
        Country = country;
        IsAssigned = isAssigned;
    }

    /// <summary>'+' and digits, e.g. +447700900123.</summary>
    public string E164 { get; }

    /// <summary>ISO 3166 region from the numbering plan (+44 7911… can be GG, not GB).</summary>
    public string Country { get; }

    /// <summary>
    /// True when the number lies in a range assigned to a real service. Fictional ranges such as
    /// the UK drama range (+44 7700 900xxx) are well-formed but not assigned.
    /// </summary>
    public bool IsAssigned { get; }

    /// <summary>Vonage's form: digits only, as NCCOs and the SMS API want them.</summary>
    public string Digits => E164[1..];

    /// <summary>Safe for logs and error messages: +447700900123 becomes +44 7700 9•••23.</summary>
    public string Masked => NumberMask.Mask(E164);

    public override string ToString() => E164;

    // Ordered (for LanguageExt's Set and Map) by the E.164 text, which identifies a number.
    public int CompareTo(PhoneNumber? other) => string.CompareOrdinal(E164, other?.E164);

    public static Either<string, PhoneNumber> Parse(string? raw, string defaultRegion)
    {
        var text = Normalise(raw);
        if (text.Length == 0) return Left("is empty");
        if (text.Any(c => !char.IsAsciiDigit(c) && c != '+'))
            return Left("may only hold digits, spaces, '-', '.', '(', ')' and a leading '+'");
        return Candidates(text, defaultRegion)
            .Select(TryParse)
            .Somes()
            .HeadOrNone()
            .ToEither("is not a possible phone number");
    }

    /// <summary>Whether this is a region the numbering plan knows (ISO 3166, upper case).</summary>
    public static bool IsCountry(string? code) =>
        code is not null && Util.GetSupportedRegions().Contains(code);

    /// <summary>The numbering plan's example mobile number for a region, if it has one.</summary>
    public static Option<PhoneNumber> ExampleMobile(string country) =>
        IsCountry(country)
            ? Optional(Util.GetExampleNumberForType(country, PhoneNumberType.MOBILE))
                .Bind(n => TryParse((Util.Format(n, PhoneNumberFormat.E164), country)))
            : None;

    static string Normalise(string? raw) =>
        new((raw ?? "").Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')'))
            .ToArray());

    // Digits-only input is ambiguous: Vonage sends '447700900123', a person may type
    // '07700900123'. A leading 0 is national; otherwise try international first.
    static IEnumerable<(string Text, string Region)> Candidates(string text, string region) =>
        text switch
        {
            _ when text.StartsWith('+') => [(text, region)],
            _ when text.StartsWith("00") => [("+" + text[2..], region)],
            _ when text.StartsWith('0') => [(text, region)],
            _ => [("+" + text, region), (text, region)],
        };

    static Option<PhoneNumber> TryParse((string Text, string Region) candidate)
    {
        try
        {
            var parsed = Util.Parse(candidate.Text, candidate.Region);
            if (!Util.IsPossibleNumber(parsed)) return None;
            var valid = Util.IsValidNumber(parsed);
            var country = valid
                ? Util.GetRegionCodeForNumber(parsed)
                : Util.GetRegionCodeForCountryCode(parsed.CountryCode);
            return new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164), country, valid);
        }
        catch (NumberParseException)
        {
            return None;
        }
    }
}
