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

    [Theory]
    [InlineData("ride-42", "https://backend.example/voiceproxy")]
    [InlineData(null, "http://10.0.0.5:8080/hooks")]
    [InlineData("ORDER 7 / é", null)]
    public void A_reference_and_callback_url_are_kept(string? reference, string? url)
    {
        var made = NewConversation.Validate("+447911123456", "+447400123456", null, new Lifetime(3600, 86400), "GB",
            Set(Some.AlicesVirtual), reference, url).SuccessToSeq().Single();
        Assert.Equal((reference, url), (made.Link.Reference, made.Link.CallbackUrl?.OriginalString));
    }

    [Theory]
    [InlineData("", null, "reference")]
    [InlineData("   ", null, "reference")]
    [InlineData("line\nbreak", null, "reference")]
    [InlineData(null, "/relative", "callbackUrl")]
    [InlineData(null, "ftp://backend.example/x", "callbackUrl")]
    [InlineData(null, "https://user:secret@backend.example/x", "callbackUrl")]
    [InlineData(null, "https://backend.example/x#frag", "callbackUrl")]
    public void A_bad_reference_or_callback_url_is_named(string? reference, string? url, string field) =>
        Assert.Equal(field, Assert.Single(NewConversation.Validate("+447911123456", "+447400123456", null,
            new Lifetime(3600, 86400), "GB", Set(Some.AlicesVirtual), reference?.Replace("\\n", "\n"), url)
            .FailToSeq()).Field);

    [Fact]
    public void A_reference_longer_than_its_bound_is_refused() =>
        Assert.True(NewConversation.Validate("+447911123456", "+447400123456", null, new Lifetime(3600, 86400), "GB",
            Set(Some.AlicesVirtual), new string('r', BackendLink.MaxReferenceLength + 1)).IsFail);
}
