using LanguageExt;
using PhoneNumbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>
/// A phone number in E.164 form. The only place numbers are parsed: it accepts '+E.164',
/// Vonage's digits-only form ('447700900123') and national format with a default region.
/// </summary>
public sealed class PhoneNumber : IEquatable<PhoneNumber>, IComparable<PhoneNumber>
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    (string Country, bool IsAssigned)? plan;

    private PhoneNumber(string e164, (string, bool)? plan)
    {
        E164 = e164;
        this.plan = plan;
    }

    /// <summary>'+' and digits, e.g. +447700900123. A number is its E.164 form: equality is on it.</summary>
    public string E164 { get; }

    /// <summary>
    /// What a participant's number becomes once their conversation's personal data is erased: it
    /// reads "erased" wherever the number was kept (events, snapshots) and parses as no number, so
    /// nothing can route to it or text it.
    /// </summary>
    public static readonly PhoneNumber Erased = new("erased", ("ZZ", false));

    public bool IsErased => ReferenceEquals(this, Erased) || E164 == Erased.E164;

    /// <summary>ISO 3166 region from the numbering plan (+44 7911… can be GG, not GB).</summary>
    public string Country => Plan.Country;

    /// <summary>
    /// True when the number lies in a range assigned to a real service. Fictional ranges such as
    /// the UK drama range (+44 7700 900xxx) are well-formed but not assigned.
    /// </summary>
    public bool IsAssigned => Plan.IsAssigned;

    Place? place;

    /// <summary>Where it is (<see cref="Locality"/>): looked up once, on first use, for allocation only.</summary>
    public Place Place => place ??= Locality.Of(E164, Country);

    // Looked up on first use for numbers taken as already normalised (see ParseE164): the answer
    // webhook never needs it, and the numbering-plan lookup is most of a parse's cost.
    (string Country, bool IsAssigned) Plan => plan ??= Analyse(Util.Parse(E164, null));

    static (string, bool) Analyse(PhoneNumbers.PhoneNumber parsed)
    {
        var valid = Util.IsValidNumber(parsed);
        return (valid ? Util.GetRegionCodeForNumber(parsed) : Util.GetRegionCodeForCountryCode(parsed.CountryCode), valid);
    }

    public bool Equals(PhoneNumber? other) => other is not null && string.Equals(E164, other.E164, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PhoneNumber);

    public override int GetHashCode() => E164.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(PhoneNumber? a, PhoneNumber? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PhoneNumber? a, PhoneNumber? b) => !(a == b);

    public static bool operator <(PhoneNumber? a, PhoneNumber? b) => Compare(a, b) < 0;

    public static bool operator <=(PhoneNumber? a, PhoneNumber? b) => Compare(a, b) <= 0;

    public static bool operator >(PhoneNumber? a, PhoneNumber? b) => Compare(a, b) > 0;

    public static bool operator >=(PhoneNumber? a, PhoneNumber? b) => Compare(a, b) >= 0;

    static int Compare(PhoneNumber? a, PhoneNumber? b) => a is null ? (b is null ? 0 : -1) : a.CompareTo(b);

    /// <summary>
    /// Vonage's form: digits only, as NCCOs and the SMS API want them. An erased number has none:
    /// it stays "erased", which no string of digits equals (a call event's erased numbers, read as
    /// digits, are empty, and must not match an erased participant).
    /// </summary>
    public string Digits => IsErased ? E164 : E164[1..];

    /// <summary>Safe for logs and error messages: +447700900123 becomes +44 7700 9•••23.</summary>
    public string Masked => IsErased ? E164 : NumberMask.Mask(E164);

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

    /// <summary>
    /// A number already in E.164 ('+' and 7–15 digits) that this service normalised itself (stored
    /// numbers), or that Vonage sends as digits. Taken as it is, without a numbering-plan parse;
    /// anything else goes through <see cref="Parse"/>.
    /// </summary>
    public static Either<string, PhoneNumber> ParseE164(string? raw, string defaultRegion)
    {
        var digits = raw is not null && raw.StartsWith('+') ? raw[1..] : raw;
        return digits is { Length: >= 7 and <= 15 } && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            ? new PhoneNumber("+" + digits, null)
            : Parse(raw, defaultRegion);
    }

    /// <summary>The digits of a number as someone wrote it, to compare with <see cref="Digits"/>.</summary>
    public static string DigitsOf(string? raw) => new((raw ?? "").Where(char.IsAsciiDigit).ToArray());

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
            _ when text.StartsWith("00", StringComparison.Ordinal) => [("+" + text[2..], region)],
            _ when text.StartsWith('0') => [(text, region)],
            _ => [("+" + text, region), (text, region)],
        };

    static Option<PhoneNumber> TryParse((string Text, string Region) candidate)
    {
        try
        {
            var parsed = Util.Parse(candidate.Text, candidate.Region);
            if (!Util.IsPossibleNumber(parsed)) return None;
            return new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164), Analyse(parsed));
        }
        catch (NumberParseException)
        {
            return None;
        }
    }
}
