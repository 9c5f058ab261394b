using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Allocation;

/// <summary>The virtual numbers chosen for a new conversation.</summary>
public sealed record Allocation(PhoneNumber ForA, PhoneNumber ForB);

/// <summary>The virtual numbers of a conversation after one participant is replaced.</summary>
public sealed record ReplacementNumbers(PhoneNumber ForNewcomer, PhoneNumber ForCounterpart);

/// <summary>
/// Chooses virtual numbers for a new conversation (invariants 1, 5, 6). Pure. Each side is
/// chosen on its own: the number standing for A is dialed by B, so it must not be one B
/// already dials, and the mirror image for A. Nothing else constrains them (they may be equal),
/// which is why any free choice is optimal: a participant with k eligible numbers can be in k
/// conversations at once, whatever was chosen before.
/// </summary>
public static class Allocator
{
    /// <param name="seed">Breaks ties among equally good numbers, so that concurrent creators
    /// spread over the free numbers instead of all racing for the first one.</param>
    public static Either<ConversationError, Allocation> Choose(
        Seq<PoolEntry> pool, Dialer a, Dialer b, Option<PairHistory> history,
        AllocationPolicy policy, int seed) =>
        from forA in StandIn(pool, dialer: b, Previous(history, a.Participant), policy, seed)
        from forB in StandIn(pool, dialer: a, Previous(history, b.Participant), policy, seed / 7 + 1)
        select new Allocation(forA, forB);

    /// <summary>
    /// The numbers after <paramref name="replaced"/> makes way for a newcomer. The counterpart keeps
    /// the number that stands for them unless the newcomer already dials it elsewhere (invariant 1):
    /// then one is chosen as for a new conversation. The newcomer's is chosen as the counterpart
    /// dials it, the replaced person's number first, so the number in the counterpart's phone goes
    /// on working and they need no new text.
    /// </summary>
    /// <param name="counterpart">Dialing numbers in their <em>other</em> conversations: the route to
    /// the replaced person is this conversation's own, and goes with the replacement.</param>
    public static Either<ConversationError, ReplacementNumbers> Replacement(
        Seq<PoolEntry> pool, Dialer newcomer, Dialer counterpart, Participant replaced, PhoneNumber counterpartVirtual,
        AllocationPolicy policy, int seed) =>
        from forCounterpart in newcomer.Dials.Contains(counterpartVirtual)
            ? StandIn(pool, dialer: newcomer, previous: None, policy, seed)
            : Right<ConversationError, PhoneNumber>(counterpartVirtual)
        from forNewcomer in StandIn(pool, dialer: counterpart, Some(replaced.VirtualNumber),
            policy with { Stickiness = Stickiness.PreferSticky }, seed / 7 + 1)
        select new ReplacementNumbers(forNewcomer, forCounterpart);

    /// <summary>
    /// The number <paramref name="dialer"/> will dial: the pair's previous one when still free
    /// (sticky), else the nearest to the dialer (<see cref="Locality"/>: for North America the
    /// same area code, then state; everywhere the same country), else any free one unless only
    /// local numbers may be used. Avoiding stickiness, the previous one is the last resort: taken only
    /// when nothing else is free, so a participant is never refused for it.
    /// </summary>
    public static Either<ConversationError, PhoneNumber> StandIn(
        Seq<PoolEntry> pool, Dialer dialer, Option<PhoneNumber> previous, AllocationPolicy policy, int seed)
    {
        var free = pool.Filter(e => IsEligible(e, dialer, policy));
        var sticky = previous.Bind(p => free.Find(e => e.Number == p)).Map(e => e.Number);
        var chosen = policy.Stickiness == Stickiness.AvoidSticky
            ? Preferred(free.Filter(e => !previous.Exists(p => p == e.Number)), dialer, seed) | sticky
            : sticky | Preferred(free, dialer, seed);
        return chosen.ToEither<ConversationError>(new ConversationError.NoFreeNumber(dialer.Participant));
    }

    // The nearest to the dialer (Locality: same area code, then state, then country), else any.
    static Option<PhoneNumber> Preferred(Seq<PoolEntry> free, Dialer dialer, int seed)
    {
        if (free.IsEmpty) return None;
        var near = free.Map(e => (Entry: e, Nearness: Locality.Nearness(dialer.Participant.Place, e.Number.Place)));
        var best = near.Max(n => n.Nearness);
        return Pick(near.Filter(n => n.Nearness == best).Map(n => n.Entry), seed);
    }

    public static bool IsEligible(PoolEntry entry, Dialer dialer, AllocationPolicy policy) =>
        !entry.Reserved
        && !dialer.Dials.Contains(entry.Number)
        && (!policy.RequireLocal || entry.Country == dialer.Participant.Country);

    static Option<PhoneNumber> Previous(Option<PairHistory> history, PhoneNumber participant) =>
        history.Bind(h => h.StoodFor.Find(participant));

    static Option<PhoneNumber> Pick(Seq<PoolEntry> candidates, int seed) =>
        candidates.IsEmpty ? None : candidates[(int)((uint)seed % (uint)candidates.Count)].Number;
}
