using LanguageExt;
using PhoneNumbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>Where a number is, as finely as the numbering plan says: its country, and in North America its area code and state.</summary>
/// <param name="AreaCode">The NANP area code (the first three digits after +1); none elsewhere.</param>
/// <param name="Region">The US state, Canadian province or territory, as its postal code (NY, ON); none when unknown.</param>
public sealed record Place(string Country, Option<string> AreaCode, Option<string> Region);

/// <summary>
/// How near a virtual number is to the person who dials it (docs/architecture.md, invariant 6,
/// and for North America the "a New York pair got a 201 (New Jersey) number"): the same
/// area code is nearest, then the same state or province, then the same country. Elsewhere only
/// the country is known. The state comes from libphonenumber's geocoding data, which names an
/// area either "City, ST" or by the state's name.
/// </summary>
public static class Locality
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public const int SameAreaCode = 3, SameRegion = 2, SameCountry = 1, Elsewhere = 0;

    public static int Nearness(Place dialer, Place number) =>
        dialer.AreaCode.IsSome && dialer.AreaCode == number.AreaCode ? SameAreaCode
        : dialer.Region.IsSome && dialer.Region == number.Region ? SameRegion
        : dialer.Country == number.Country ? SameCountry
        : Elsewhere;

    public static Place Of(string e164, string country)
    {
        if (!e164.StartsWith("+1", StringComparison.Ordinal) || e164.Length != 12) return new(country, None, None);
        var description = PhoneNumberOfflineGeocoder.GetInstance().GetDescriptionForNumber(Util.Parse(e164, null), Locale.English);
        return new(country, Some(e164.Substring(2, 3)), RegionIn(description));
    }

    // "New York, NY" → NY; "New Jersey" → NJ; "Washington D.C." → DC; "" (toll-free) → none.
    static Option<string> RegionIn(string description)
    {
        var comma = description.LastIndexOf(", ", StringComparison.Ordinal);
        return comma >= 0 && description.Length - comma == 4
            ? Some(description[(comma + 2)..])
            : Regions.Find(description);
    }

    static readonly Map<string, string> Regions = toMap(new[]
    {
        ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"), ("Colorado", "CO"),
        ("Connecticut", "CT"), ("Delaware", "DE"), ("Washington D.C.", "DC"), ("Florida", "FL"), ("Georgia", "GA"),
        ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"), ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"),
        ("Kentucky", "KY"), ("Louisiana", "LA"), ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"),
        ("Michigan", "MI"), ("Minnesota", "MN"), ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"),
        ("Nebraska", "NE"), ("Nevada", "NV"), ("New Hampshire", "NH"), ("New Jersey", "NJ"), ("New Mexico", "NM"),
        ("New York", "NY"), ("North Carolina", "NC"), ("North Dakota", "ND"), ("Ohio", "OH"), ("Oklahoma", "OK"),
        ("Oregon", "OR"), ("Pennsylvania", "PA"), ("Rhode Island", "RI"), ("South Carolina", "SC"), ("South Dakota", "SD"),
        ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"), ("Virginia", "VA"), ("Washington", "WA"),
        ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"), ("Puerto Rico", "PR"),
        ("Alberta", "AB"), ("British Columbia", "BC"), ("Manitoba", "MB"), ("New Brunswick", "NB"),
        ("Newfoundland and Labrador", "NL"), ("Nova Scotia", "NS"), ("Ontario", "ON"), ("Prince Edward Island", "PE"),
        ("Quebec", "QC"), ("Saskatchewan", "SK"), ("Northwest Territories", "NT"), ("Nunavut", "NU"), ("Yukon", "YT"),
    });
}
