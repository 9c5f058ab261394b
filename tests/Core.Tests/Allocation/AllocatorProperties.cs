using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Allocation;

public class AllocatorProperties
{
    static Gen<Seq<PhoneNumber>> Pool =>
        Gen.ListOf(Gens.VirtualNumber).Select(l => toSeq(l.Distinct()));

    static Gen<ParticipantLoad> Load(Seq<PhoneNumber> pool) =>
        from participant in Gens.RealNumber
        from dials in Gen.SubListOf(pool.ToArray())
        select new ParticipantLoad(participant, toSet(dials));

    static Gen<(Seq<PhoneNumber>, ParticipantLoad, ParticipantLoad)> Cases =>
        from pool in Pool
        from a in Load(pool)
        from b in Load(pool)
        select (pool, a, b);

    [Property(MaxTest = 300)]
    public Property Each_side_gets_a_number_its_counterpart_does_not_already_dial() =>
        Prop.ForAll(Cases.ToArbitrary(), t =>
        {
            var (pool, a, b) = t;
            Allocator.Choose(pool, a, b).IfRight(chosen =>
            {
                Assert.DoesNotContain(chosen.ForA, b.Dials);
                Assert.DoesNotContain(chosen.ForB, a.Dials);
                Assert.Contains(chosen.ForA, pool);
                Assert.Contains(chosen.ForB, pool);
            });
        });

    [Property(MaxTest = 300)]
    public Property Allocation_fails_only_when_no_number_is_free_for_one_side() =>
        Prop.ForAll(Cases.ToArbitrary(), t =>
        {
            var (pool, a, b) = t;
            var freeForA = pool.Exists(n => !b.Dials.Contains(n));
            var freeForB = pool.Exists(n => !a.Dials.Contains(n));
            return Allocator.Choose(pool, a, b).IsRight == (freeForA && freeForB);
        });
}
