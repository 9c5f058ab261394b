using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Reads back a number we stored ourselves, in E.164. It was parsed when it was written, so it
/// is taken as it is (no numbering-plan parse); a failure here is corrupt data, not bad input.
/// A participant's number erased with their conversation's personal data reads back as <see cref="PhoneNumber.Erased"/>.
/// </summary>
public static class StoredNumber
{
    public static PhoneNumber Parse(string? e164) =>
        e164 == PhoneNumber.Erased.E164 ? PhoneNumber.Erased : PhoneNumber.ParseE164(e164, "ZZ").IfLeft(why => throw new InvalidDataException($"stored phone number {why}"));
}
