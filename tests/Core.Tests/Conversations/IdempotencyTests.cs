using LanguageExt;
using VoiceProxy.Core.Conversations;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Conversations;

public class IdempotencyTests
{
    static readonly IdempotentRequest First = new("ride-42", "fp-1", Some.Epoch);

    [Fact]
    public void The_same_request_again_replays_the_first_conversation() =>
        Assert.Equal(new Repeat.Replay(),
            Idempotency.Decide(First, "fp-1", Some.Epoch.AddHours(23), Idempotency.Window));

    [Fact]
    public void Another_request_under_the_key_is_refused_by_name() =>
        Assert.Equal(new Repeat.Mismatch("ride-42"), Idempotency.Decide(First, "fp-2", Some.Epoch, Idempotency.Window));

    [Fact]
    public void A_key_past_its_window_or_never_used_is_fresh()
    {
        Assert.IsType<Repeat.Fresh>(Idempotency.Decide(First, "fp-2", Some.Epoch.AddHours(24), Idempotency.Window));
        Assert.IsType<Repeat.Fresh>(Idempotency.Decide(None, "fp-1", Some.Epoch, Idempotency.Window));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("é")]
    public void A_key_must_be_printable_ascii(string key) =>
        Assert.True(Idempotency.Key(key).IsFail);

    [Fact]
    public void No_header_is_no_key_and_a_long_one_is_refused()
    {
        Assert.Equal(Option<string>.None, Idempotency.Key(null).SuccessToSeq().Head());
        Assert.True(Idempotency.Key(new string('k', 255)).IsSuccess);
        Assert.True(Idempotency.Key(new string('k', 256)).IsFail);
    }
}
