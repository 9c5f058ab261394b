using PhoneNumbers;

namespace VoiceProxy.Core.Numbers;

/// <summary>
/// How a phone number may be shown where it must not be read (logs, error details): its
/// country calling code and its last two digits, +447911123456 as +44 •••• ••••56.
/// </summary>
public static class NumberMask
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string Mask(string? number)
    {
        var digits = PhoneNumber.DigitsOf(number);
        if (digits.Length < 7) return "•••";
        return $"+{CountryCode(digits)} •••• ••••{digits[^2..]}";
    }

    // The calling code is what libphonenumber says; when it cannot say, only the first digit shows.
    static string CountryCode(string digits)
    {
        try
        {
            var code = Util.Parse("+" + digits, null).CountryCode;
            return code > 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : digits[..1];
        }
        catch (NumberParseException)
        {
            return digits[..1];
        }
    }
}
