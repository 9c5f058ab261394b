using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Allocation;

/// <summary>
/// Invariants 1, 5 and 6: random sequences of creates, replacements and closes over random
/// participants and pools, each allocation checked against a plain model of what is free for whom.
/// </summary>
public class AllocatorModelProperties
{
    // New York (212, 646), New Jersey (201), California (415) and Ontario (416) among them, for area codes and states.
    static readonly PhoneNumber[] People =
        new[] { "+447400100001", "+447400100002", "+447400100003", "+33612345601", "+33612345602", "+12125550101",
                "+16465550102", "+14155550103" }
            .Select(Some.Number).ToArray();

    static readonly PhoneNumber[] Virtuals =
        Enumerable.Range(0, 6).Select(i => Some.Number($"+4477009000{i:00}"))
            .Concat(FictionalNumbers.Mint("FR", 6, Set<PhoneNumber>()).RightToSeq().Flatten())
            .Concat(new[] { "+12125550150", "+16465550151", "+12015550152", "+14155550153", "+14165550154" }.Select(Some.Number))
            .ToArray();

    sealed record Active(PhoneNumber A, PhoneNumber VA, PhoneNumber B, PhoneNumber VB);

    abstract record Step;
    sealed record Create(int A, int B, int Seed) : Step;
    sealed record Close(int Index) : Step;
    sealed record Replace(int Index, bool SideA, int Newcomer, int Seed) : Step;

    static Gen<Step> Steps =>
        Gen.Frequency(
            (4, from a in Gen.Choose(0, People.Length - 1)
                from d in Gen.Choose(1, People.Length - 1)
                from seed in Gen.Choose(0, int.MaxValue)
                select (Step)new Create(a, (a + d) % People.Length, seed)),
            (1, Gen.Choose(0, 20).Select(i => (Step)new Close(i))),
            (2, from i in Gen.Choose(0, 20)
                from sideA in Gen.Elements(true, false)
                from n in Gen.Choose(0, People.Length - 1)
                from seed in Gen.Choose(0, int.MaxValue)
                select (Step)new Replace(i, sideA, n, seed)));

    static Gen<Seq<PoolEntry>> Pools =>
        from size in Gen.Choose(1, Virtuals.Length)
        from chosen in Gen.Shuffle(Virtuals)
        from reserved in Gen.ArrayOf(Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true))), size)
        select toSeq(chosen.Take(size).Zip(reserved, (n, r) => new PoolEntry(n, r)));

    static Gen<(Seq<PoolEntry>, AllocationPolicy, List<Step>)> Runs =>
        from pool in Pools
        from requireLocal in Gen.Elements(true, false)
        from stickiness in Gen.Elements(Stickiness.PreferSticky, Stickiness.AvoidSticky)
        from steps in Gen.ListOf(Steps)
        select (pool, new AllocationPolicy(requireLocal, stickiness), steps.ToList());

    [Property(MaxTest = 300, EndSize = 60)]
    public Property Every_allocation_agrees_with_the_model() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var (pool, policy, steps) = run;
            var active = new List<Active>();
            var history = new Dictionary<(PhoneNumber, PhoneNumber), PairHistory>();
            foreach (var step in steps)
            {
                if (step is Close close && active.Count > 0) active.RemoveAt(close.Index % active.Count);
                if (step is Replace replace && active.Count > 0)
                {
                    Replaced(pool, policy, active, replace);
                    AssertOneRouteOneConversation(active);
                }
                if (step is not Create create) continue;
                var (a, b) = (People[create.A], People[create.B]);
                var (da, db) = (new Dialer(a, Dials(active, a)), new Dialer(b, Dials(active, b)));
                var previous = history.TryGetValue(Pair(a, b), out var h) ? Some(h) : None;
                var chosen = Allocator.Choose(pool, da, db, previous, policy, create.Seed);

                var (freeForA, freeForB) = (Free(pool, db, policy), Free(pool, da, policy));
                Assert.Equal(!freeForA.IsEmpty && !freeForB.IsEmpty, chosen.IsRight);
                chosen.IfRight(c =>
                {
                    AssertPreferred(c.ForA, freeForA, b, previous.Bind(p => p.StoodFor.Find(a)), policy.Stickiness);
                    AssertPreferred(c.ForB, freeForB, a, previous.Bind(p => p.StoodFor.Find(b)), policy.Stickiness);
                    active.Add(new Active(a, c.ForA, b, c.ForB));
                    history[Pair(a, b)] = new PairHistory(Map((a, c.ForA), (b, c.ForB)));
                });
                AssertOneRouteOneConversation(active);
            }
        });

    /// <summary>
    /// A replacement keeps the counterpart's number unless the newcomer already dials it, keeps the
    /// replaced person's number for the newcomer when the counterpart may still dial it, and fails
    /// only when nothing is free for one of them.
    /// </summary>
    static void Replaced(Seq<PoolEntry> pool, AllocationPolicy policy, List<Active> active, Replace step)
    {
        var index = step.Index % active.Count;
        var c = active[index];
        var (gone, goneV, counterpart, counterpartV) = step.SideA ? (c.A, c.VA, c.B, c.VB) : (c.B, c.VB, c.A, c.VA);
        var newcomer = People[step.Newcomer];
        if (newcomer == counterpart || newcomer == gone) return; // refused or a no-op, by the decider
        var others = active.Where((_, i) => i != index).ToList();
        var (dn, dc) = (new Dialer(newcomer, Dials(others, newcomer)), new Dialer(counterpart, Dials(others, counterpart)));
        var chosen = Allocator.Replacement(pool, dn, dc, new Participant(gone, goneV), counterpartV, policy, step.Seed);

        var keepsCounterpart = !dn.Dials.Contains(counterpartV);
        var (freeForNewcomer, freeForCounterpart) = (Free(pool, dc, policy), keepsCounterpart ? Seq1(counterpartV) : Free(pool, dn, policy));
        Assert.Equal(!freeForNewcomer.IsEmpty && !freeForCounterpart.IsEmpty, chosen.IsRight);
        chosen.IfRight(r =>
        {
            if (keepsCounterpart) Assert.Equal(counterpartV, r.ForCounterpart);
            Assert.Contains(r.ForCounterpart, freeForCounterpart);
            AssertPreferred(r.ForNewcomer, freeForNewcomer, counterpart, Some(goneV), Stickiness.PreferSticky);
            active[index] = step.SideA
                ? new Active(newcomer, r.ForNewcomer, counterpart, r.ForCounterpart)
                : new Active(counterpart, r.ForCounterpart, newcomer, r.ForNewcomer);
        });
    }

    /// <summary>
    /// The chosen number is free for its dialer; sticky when it can be (prefer-sticky) or only
    /// when nothing else is free (avoid-sticky); else local when it can be.
    /// </summary>
    static void AssertPreferred(PhoneNumber chosen, Seq<PhoneNumber> free, PhoneNumber dialer, Option<PhoneNumber> previous,
        Stickiness stickiness)
    {
        Assert.Contains(chosen, free);
        var others = free.Filter(n => !previous.Exists(p => p == n));
        if (stickiness == Stickiness.PreferSticky && previous.Exists(p => free.Contains(p))) Assert.Equal(previous, Some(chosen));
        else if (stickiness == Stickiness.AvoidSticky && !others.IsEmpty) Assert.NotEqual(previous, Some(chosen));
        var candidates = stickiness == Stickiness.AvoidSticky && !others.IsEmpty ? others : free;
        // Else as near the dialer as any candidate (same area code, then state, then country).
        if (!(stickiness == Stickiness.PreferSticky && previous.Exists(p => free.Contains(p))))
            Assert.Equal(candidates.Map(n => Locality.Nearness(dialer.Place, n.Place)).Max(), Locality.Nearness(dialer.Place, chosen.Place));
    }

    static void AssertOneRouteOneConversation(List<Active> active)
    {
        var routes = active.SelectMany(c => new[] { (c.A, c.VB), (c.B, c.VA) }).ToList();
        Assert.Equal(routes.Count, routes.Distinct().Count());
    }

    // What a participant dials: the virtual numbers of their counterparts.
    static Set<PhoneNumber> Dials(List<Active> active, PhoneNumber p) =>
        toSet(active.Where(c => c.A == p).Select(c => c.VB).Concat(active.Where(c => c.B == p).Select(c => c.VA)));

    static Seq<PhoneNumber> Free(Seq<PoolEntry> pool, Dialer dialer, AllocationPolicy policy) =>
        pool.Filter(e => !e.Reserved && !dialer.Dials.Contains(e.Number)
            && (!policy.RequireLocal || e.Country == dialer.Participant.Country)).Map(e => e.Number);

    static (PhoneNumber, PhoneNumber) Pair(PhoneNumber a, PhoneNumber b) =>
        string.CompareOrdinal(a.E164, b.E164) < 0 ? (a, b) : (b, a);

    [Theory]
    [InlineData("+12125550101", new[] { "+12015550152", "+16465550151", "+12125550150" }, "+12125550150")] // same area code
    [InlineData("+12125550101", new[] { "+12015550152", "+16465550151" }, "+16465550151")] // same state, not New Jersey
    [InlineData("+12125550101", new[] { "+12015550152", "+14165550154" }, "+12015550152")] // same country
    [InlineData("+14165550101", new[] { "+12015550152", "+14165550154" }, "+14165550154")] // Ontario
    public void A_North_American_dialer_gets_the_nearest_number(string dialer, string[] pool, string expected)
    {
        var entries = toSeq(pool.Select(n => new PoolEntry(Some.Number(n), false)));
        for (var seed = 0; seed < 20; seed++)
            Assert.Equal(Some.Number(expected), Allocator.StandIn(entries, new Dialer(Some.Number(dialer), Set<PhoneNumber>()),
                None, AllocationPolicy.Default, seed).RightToSeq().Head());
    }

    [Fact]
    public void Places_come_from_the_numbering_plan()
    {
        Assert.Equal(new Place("US", Some("212"), Some("NY")), Some.Number("+12125550101").Place);
        Assert.Equal(new Place("US", Some("646"), Some("NY")), Some.Number("+16465550102").Place);
        Assert.Equal(new Place("US", Some("201"), Some("NJ")), Some.Number("+12015550152").Place);
        Assert.Equal(new Place("US", Some("202"), Some("DC")), Some.Number("+12025550123").Place);
        Assert.Equal(new Place("CA", Some("416"), Some("ON")), Some.Number("+14165550154").Place);
        Assert.Equal(new Place("GB", None, None), Some.Number("+447400100001").Place);
    }

    [Fact]
    public void With_k_eligible_numbers_a_participant_can_be_in_k_conversations()
    {
        var pool = toSeq(Virtuals.Take(4).Select(n => new PoolEntry(n, false)));
        var hub = People[0];
        var dials = Set<PhoneNumber>();
        for (var i = 0; i < 4; i++)
        {
            var other = Some.Number($"+4474002000{i:00}");
            var chosen = Allocator.Choose(pool, new Dialer(hub, dials), new Dialer(other, Set<PhoneNumber>()),
                None, AllocationPolicy.Default, seed: i).RightToSeq().Head();
            dials = dials.Add(chosen.ForB);
        }
        var fifth = Allocator.Choose(pool, new Dialer(hub, dials), new Dialer(People[1], Set<PhoneNumber>()),
            None, AllocationPolicy.Default, seed: 0);
        Assert.Equal(new ConversationError.NoFreeNumber(hub), fifth.LeftToSeq().Head());
    }
}
