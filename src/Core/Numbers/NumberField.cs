using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Numbers;

/// <summary>A required phone number in a request, named by its field when it is missing or unreadable.</summary>
public static class NumberField
{
    public static Validation<InputError, PhoneNumber> Required(string field, string? raw, string region) =>
        string.IsNullOrWhiteSpace(raw)
            ? Fail<InputError, PhoneNumber>(new InputError(field, "is required"))
            : PhoneNumber.Parse(raw, region).Match(
                Right: n => Success<InputError, PhoneNumber>(n),
                Left: why => Fail<InputError, PhoneNumber>(new InputError(field, why)));
}
