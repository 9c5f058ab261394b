using VoiceProxy.Core.Allocation;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Allocation;

public class PoolRulesTests
{
    [Theory]
    [InlineData(98, 2, 100, true)]
    [InlineData(99, 2, 100, false)]
    [InlineData(100, 1, 100, false)]
    public void The_pool_never_grows_past_its_maximum(int size, int adding, int max, bool allowed) =>
        Assert.Equal(allowed, PoolRules.Room(size, adding, max).IsRight);

    [Fact]
    public void A_number_joins_the_pool_once() =>
        Assert.Equal(new PoolError.AlreadyInPool(Some.AlicesVirtual),
            PoolRules.Addable(Some.AlicesVirtual, Set(Some.AlicesVirtual), isParticipant: false).LeftToSeq().Head());

    [Fact]
    public void A_participant_s_real_number_never_joins_the_pool()
    {
        var refused = Assert.IsType<PoolError.Invalid>(PoolRules.Addable(Some.Alice, Set(Some.AlicesVirtual), isParticipant: true).LeftToSeq().Head());
        Assert.Equal("number", refused.Errors.Single().Field);
        Assert.True(PoolRules.Addable(Some.Alice, Set(Some.AlicesVirtual), isParticipant: false).IsRight);
    }

    [Fact]
    public void A_number_in_use_is_not_released()
    {
        Assert.Equal(new PoolError.InUse(Some.BobsVirtual), PoolRules.Releasable(Some.BobsVirtual, inUse: true).LeftToSeq().Head());
        Assert.True(PoolRules.Releasable(Some.BobsVirtual, inUse: false).IsRight);
    }
}
