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

    /// <summary>A number can join the pool once.</summary>
    public static Either<PoolError, PhoneNumber> Addable(PhoneNumber number, Set<PhoneNumber> pool) =>
        pool.Contains(number) ? new PoolError.AlreadyInPool(number) : number;

    /// <summary>
    /// A number that active conversations still route through is not released: its callers would
    /// reach nobody. Reserve it first, so it drains.
    /// </summary>
    public static Either<PoolError, PhoneNumber> Releasable(PhoneNumber number, bool inUse) =>
        inUse ? new PoolError.InUse(number) : number;
}
