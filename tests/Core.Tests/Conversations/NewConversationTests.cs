using LanguageExt;
using VoiceProxy.Core.Conversations;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Conversations;

public class NewConversationTests
{
    static Seq<InputError> Errors(string? a, string? b, int? ttl = null) =>
        NewConversation.Validate(a, b, ttl, new Lifetime(3600, 86400), "GB", Set(Some.AlicesVirtual)).Match(
            Succ: _ => Seq<InputError>(), Fail: errors => errors);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(86401)]
    public void A_lifetime_out_of_bounds_is_refused(int ttl) =>
        Assert.Equal(Seq1(new InputError("ttlSeconds", "must be between 1 and 86400")),
            Errors("+447911123456", "+447400123456", ttl));

    [Fact]
    public void Valid_participants_pass() =>
        Assert.Empty(Errors("+447911123456", "07400 123456"));

    [Fact]
    public void Every_wrong_field_is_reported() =>
        Assert.Equal(Seq(new InputError("userA", "is required"), new InputError("userB", "is not a possible phone number")),
            Errors(null, "12"));

    [Fact]
    public void The_same_person_twice_is_refused() =>
        Assert.Equal(Seq1(new InputError("userB", "must differ from userA")),
            Errors("+447911123456", "07911 123456"));

    [Fact]
    public void A_virtual_number_of_ours_is_not_a_participant() =>
        Assert.Equal(Seq1(new InputError("userB", "is one of this service's virtual numbers")),
            Errors("+447911123456", Some.AlicesVirtual.E164));

    [Fact]
    public void A_fictional_number_is_not_a_participant() =>
        Assert.Equal(Seq1(new InputError("userA", "is not an assigned phone number")),
            Errors("+447700900555", "+447911123456"));
}
