using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>The two validated participants of a conversation to be created (invariant 4).</summary>
public sealed record NewConversation(PhoneNumber A, PhoneNumber B)
{
    /// <summary>
    /// Both numbers must be real, assigned phone numbers, differ from each other and not be
    /// one of our virtual numbers. All field errors are collected, not just the first.
    /// </summary>
    public static Validation<InputError, NewConversation> Validate(
        string? userA, string? userB, string region, Set<PhoneNumber> pool) =>
        (Participant("userA", userA, region, pool), Participant("userB", userB, region, pool))
            .Apply((a, b) => (a, b))
            .Bind(Distinct);

    static Validation<InputError, NewConversation> Distinct((PhoneNumber A, PhoneNumber B) p) =>
        p.A == p.B
            ? Fail<InputError, NewConversation>(new InputError("userB", "must differ from userA"))
            : Success<InputError, NewConversation>(new NewConversation(p.A, p.B));

    static Validation<InputError, PhoneNumber> Participant(
        string field, string? raw, string region, Set<PhoneNumber> pool) =>
        string.IsNullOrWhiteSpace(raw)
            ? Fail<InputError, PhoneNumber>(new InputError(field, "is required"))
            : PhoneNumber.Parse(raw, region).Match(
                Right: n => Real(field, n, pool),
                Left: why => Fail<InputError, PhoneNumber>(new InputError(field, why)));

    static Validation<InputError, PhoneNumber> Real(string field, PhoneNumber n, Set<PhoneNumber> pool) =>
        (pool.Contains(n), n.IsAssigned) switch
        {
            (true, _) => Fail<InputError, PhoneNumber>(
                new InputError(field, "is one of this service's virtual numbers")),
            (_, false) => Fail<InputError, PhoneNumber>(
                new InputError(field, "is not an assigned phone number")),
            _ => Success<InputError, PhoneNumber>(n),
        };
}
