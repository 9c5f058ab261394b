using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// Reads back a number we stored ourselves, in E.164. It parsed when it was written, so a
/// failure here is corrupt data, not bad input: it throws rather than returning an error.
/// </summary>
public static class StoredNumber
{
    public static PhoneNumber Parse(string? e164) =>
        PhoneNumber.Parse(e164, "ZZ").IfLeft(why => throw new InvalidDataException($"stored phone number {why}"));
}
