using System.Globalization;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>A route's key as the route cache holds it: the caller's number and the number they dialed, as integers.</summary>
internal readonly record struct RoutePair(ulong Caller, ulong Dialed)
{
    public static RoutePair? Of(RouteKey key) =>
        Number(key.Caller.Digits) is { } caller && Number(key.Dialed.Digits) is { } dialed
            ? new RoutePair(caller, dialed)
            : null;

    /// <summary>A route row's id, as a notification names it ("callerdigits:dialeddigits").</summary>
    public static RoutePair? Of(string rowId)
    {
        var colon = rowId.IndexOf(':');
        return colon > 0 && Number(rowId.AsSpan(0, colon)) is { } caller && Number(rowId.AsSpan(colon + 1)) is { } dialed
            ? new RoutePair(caller, dialed)
            : null;
    }

    // Fibonacci hashing of both numbers: phone numbers share long prefixes and differ in their
    // last digits, which a plain xor or modulo would spread poorly over a power-of-two table.
    public int Hash(int bits) =>
        (int)(((Caller * 0x9E37_79B9_7F4A_7C15UL) ^ Dialed) * 0xC2B2_AE3D_27D4_EB4FUL >> (64 - bits));

    /// <summary>E.164 has at most 15 digits, so every number fits under 2^50.</summary>
    public static ulong? Number(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 15 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
