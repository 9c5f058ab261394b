using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Numbers;

/// <summary>The sandbox mints numbers in the ranges regulators set aside for fiction, where one exists.</summary>
public class FictionalNumbersTests
{
    [Theory]
    [InlineData("GB", "+447700900", 1000)] // Ofcom's drama mobiles
    [InlineData("US", "+1202555010", 10)]  // NANP 555-0100..0199 (first ten)
    [InlineData("US", "+12025550", 100)]
    [InlineData("DE", "+493023125", 1000)] // Bundesnetzagentur, Berlin drama numbers
    public void Where_a_range_is_reserved_for_fiction_every_minted_number_is_in_it(string country, string prefix, int count)
    {
        var minted = FictionalNumbers.Mint(country, count, Set<PhoneNumber>()).RightToSeq().Flatten();
        Assert.Equal(count, minted.Count);
        Assert.All(minted, n => Assert.StartsWith(prefix, n.E164, StringComparison.Ordinal));
    }

    [Fact]
    public void A_range_runs_out_instead_of_spilling_into_real_numbers()
    {
        var all = FictionalNumbers.Mint("US", 100, Set<PhoneNumber>()).RightToSeq().Flatten();
        Assert.True(FictionalNumbers.Mint("US", 1, toSet(all)).IsLeft);
    }

    [Fact]
    public void Elsewhere_the_numbers_are_of_that_country()
    {
        var minted = FictionalNumbers.Mint("FR", 5, Set<PhoneNumber>()).RightToSeq().Flatten();
        Assert.All(minted, n => Assert.Equal("FR", n.Country));
    }
}
