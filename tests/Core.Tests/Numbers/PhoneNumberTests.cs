using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Numbers;
using PhoneNumberFormat = PhoneNumbers.PhoneNumberFormat;
using PhoneNumberUtil = PhoneNumbers.PhoneNumberUtil;

namespace VoiceProxy.Core.Tests.Numbers;

public class PhoneNumberTests
{
    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Property(MaxTest = 300)]
    public Property Parsing_any_written_form_of_a_number_gives_the_same_number() =>
        Prop.ForAll(Gens.RealNumber.ToArbitrary(), n =>
        {
            var national = Util.Format(Util.Parse(n.E164, null), PhoneNumberFormat.NATIONAL);
            var international = Util.Format(Util.Parse(n.E164, null), PhoneNumberFormat.INTERNATIONAL);
            Assert.Equal(n, Some.Number(n.E164));
            Assert.Equal(n, PhoneNumber.Parse(n.Digits, "GB").RightToSeq().Head());
            Assert.Equal(n, PhoneNumber.Parse(national, n.Country).RightToSeq().Head());
            Assert.Equal(n, PhoneNumber.Parse(international, "GB").RightToSeq().Head());
            Assert.Equal(n, PhoneNumber.Parse("00" + n.Digits, "GB").RightToSeq().Head());
        });

    [Property]
    public Property The_mask_never_holds_the_whole_number() =>
        Prop.ForAll(Gens.RealNumber.ToArbitrary(), n =>
            !n.Masked.Where(char.IsAsciiDigit).SequenceEqual(n.Digits) && n.Masked.EndsWith(n.Digits[^2..], StringComparison.Ordinal));

    [Theory]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("447911123456", "GB", "+447911123456")]
    [InlineData("+44 (0)7911-123.456", "US", "+447911123456")]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    public void Accepts_national_international_and_vonage_forms(string raw, string region, string e164) =>
        Assert.Equal(e164, PhoneNumber.Parse(raw, region).RightToSeq().Head().E164);

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("+44")]
    [InlineData("12")]
    [InlineData("+4479111234567890123")]
    public void Refuses_what_is_not_a_possible_number(string raw) =>
        Assert.True(PhoneNumber.Parse(raw, "GB").IsLeft);

    [Fact]
    public void The_drama_range_is_possible_but_not_assigned()
    {
        var fictional = Some.Number("+447700900123");
        Assert.False(fictional.IsAssigned);
        Assert.Equal("GB", fictional.Country);
    }

    [Fact]
    public void Country_comes_from_the_numbering_plan_not_the_prefix() =>
        Assert.Equal("GG", Some.Number("+447911123456").Country);

    [Theory]
    [InlineData("+447700900012", "+44 •••• ••••12")]
    [InlineData("+12025550143", "+1 •••• ••••43")]
    [InlineData("+353861234567", "+353 •••• ••••67")]
    [InlineData("999999999", "+9 •••• ••••99")] // no country: only the first digit shows
    public void A_mask_shows_the_country_code_and_the_last_two_digits_only(string number, string masked) =>
        Assert.Equal(masked, NumberMask.Mask(number));
}
