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

/// <summary>VoiceProxy:Pool:RequireLocal — never hand out a number from another country.</summary>
public sealed record AllocationPolicy(bool RequireLocal)
{
    public static readonly AllocationPolicy Default = new(RequireLocal: false);
}
