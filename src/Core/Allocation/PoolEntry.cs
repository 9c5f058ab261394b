using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Allocation;

/// <summary>A virtual number of the pool as the allocator sees it.</summary>
public sealed record PoolEntry(PhoneNumber Number, bool Reserved)
{
    public string Country => Number.Country;
}

/// <summary>
/// Someone who will dial the new conversation's number for their counterpart, with the virtual
/// numbers they already dial in their other active conversations (docs/architecture.md, invariant 1, forbids those).
/// </summary>
public sealed record Dialer(PhoneNumber Participant, LanguageExt.Set<PhoneNumber> Dials);

/// <summary>What stood for each participant of a pair the last time they talked.</summary>
public sealed record PairHistory(LanguageExt.Map<PhoneNumber, PhoneNumber> StoodFor);

/// <summary>
/// Whether a pair who talked before get their old numbers back (prefer-sticky, the default: the
/// number in their phone still works) or new ones where any other is free (avoid-sticky: an old
/// number never reaches the new conversation by mistake).
/// </summary>
public enum Stickiness { PreferSticky, AvoidSticky }

/// <summary>The request's <c>numberSelection</c>: prefer-sticky (the default) or avoid-sticky.</summary>
public static class NumberSelection
{
    public static LanguageExt.Validation<InputError, Stickiness> Parse(string? raw) =>
        raw switch
        {
            null or "prefer-sticky" => LanguageExt.Prelude.Success<InputError, Stickiness>(Stickiness.PreferSticky),
            "avoid-sticky" => LanguageExt.Prelude.Success<InputError, Stickiness>(Stickiness.AvoidSticky),
            _ => LanguageExt.Prelude.Fail<InputError, Stickiness>(new InputError("numberSelection", "must be prefer-sticky or avoid-sticky")),
        };
}

/// <summary>VoiceProxy:Pool:RequireLocal — never hand out a number from another country — and the request's stickiness.</summary>
public sealed record AllocationPolicy(bool RequireLocal, Stickiness Stickiness = Stickiness.PreferSticky)
{
    public static readonly AllocationPolicy Default = new(RequireLocal: false);
}
