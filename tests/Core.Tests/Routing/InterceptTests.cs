using VoiceProxy.Core.Routing;

namespace VoiceProxy.Core.Tests.Routing;

public class InterceptTests
{
    [Theory]
    [InlineData(403, false, true)]
    [InlineData(403, true, true)]
    [InlineData(200, true, false)]
    [InlineData(204, false, false)]
    [InlineData(500, true, false)]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    public void A_403_blocks_any_other_answer_lets_through_and_silence_follows_the_operators_choice(int? status, bool failClosed, bool blocked) =>
        Assert.Equal(blocked, Intercept.Decide(status, "timed out", failClosed).Blocked);
}
