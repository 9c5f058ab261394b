namespace VoiceProxy.Core.Numbers;

/// <summary>
/// Masks a number for logs and messages: enough to recognise it (country, first digits, last
/// two), never enough to dial it.
/// </summary>
public static class NumberMask
{
    public static string Mask(string? number)
    {
        var digits = PhoneNumber.DigitsOf(number);
        if (digits.Length < 7) return "•••";
        var head = digits[..2];
        var middle = digits[2..7];
        var tail = digits[^2..];
        return $"+{head} {middle[..4]} {middle[4]}•••{tail}";
    }
}
