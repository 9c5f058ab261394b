using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Allocation;

/// <summary>What may be done to the pool of virtual numbers. The shell reads, asks, then writes.</summary>
public static class PoolRules
{
    /// <summary>Room for <paramref name="adding"/> more numbers within VoiceProxy:Pool:MaxSize.</summary>
    public static Either<PoolError, Unit> Room(int size, int adding, int maxSize) =>
        size + adding <= maxSize ? unit : new PoolError.PoolFull(maxSize);

    /// <summary>
    /// A number can join the pool once, and never while it is an active participant's real
    /// number: calls to it would be answered by the proxy instead of reaching that person, and
    /// the pool and the participants must never overlap (docs/architecture.md, invariant 4).
    /// </summary>
    public static Either<PoolError, PhoneNumber> Addable(PhoneNumber number, Set<PhoneNumber> pool, bool isParticipant) =>
        pool.Contains(number) ? new PoolError.AlreadyInPool(number)
        : isParticipant ? new PoolError.Invalid(Seq1(new InputError("number", IsParticipant)))
        : number;

    public const string IsParticipant = "is a participant's real number in an active conversation, so it cannot be a virtual number";

    /// <summary>
    /// A number that active conversations still route through is not released: its callers would
    /// reach nobody. Reserve it first, so it drains.
    /// </summary>
    public static Either<PoolError, PhoneNumber> Releasable(PhoneNumber number, bool inUse) =>
        inUse ? new PoolError.InUse(number) : number;
}
