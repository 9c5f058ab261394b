using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;
using Chosen = VoiceProxy.Core.Allocation.Allocation;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>Creation's policy: the provider's verdict, provisioning once, retrying a lost race.</summary>
public class CreationTests
{
    static readonly NewConversation Pair = NewConversation.Validate(Some.Alice.E164, Some.Bob.E164, 3600,
        new Lifetime(3600, 86400), "GB", Set<PhoneNumber>()).SuccessToSeq().Head();
    static readonly ProviderFailure Refused = new("number insight", "bad number", RefusedRequest: true, WorthRetrying: false);
    static readonly ProviderFailure Down = new("number insight", "5xx", RefusedRequest: false, WorthRetrying: true);

    static Either<ProviderFailure, PhoneNumber> Ok(PhoneNumber n) => Right(n);

    static Either<ProviderFailure, PhoneNumber> Failed(ProviderFailure f) => Left(f);

    [Fact]
    public void A_number_the_provider_refuses_is_the_callers_input_error_naming_each_field()
    {
        var checkedPair = Creation.Checked(Pair, Failed(Refused), Failed(Refused));
        var invalid = Assert.IsType<ConversationError.Invalid>(checkedPair.LeftToSeq().Head());
        Assert.Equal(["userA", "userB"], invalid.Errors.Map(e => e.Field).ToArray());
    }

    [Fact]
    public void Any_other_provider_failure_is_the_providers()
    {
        var checkedPair = Creation.Checked(Pair, Ok(Some.Alice), Failed(Down));
        Assert.Equal(new ConversationError.ProviderFailed(Down), checkedPair.LeftToSeq().Head());
    }

    [Fact]
    public void The_pair_takes_the_numbers_as_the_provider_normalised_them()
    {
        var checkedPair = Creation.Checked(Pair, Ok(Some.Carol), Ok(Some.Bob));
        Assert.Equal(Pair.WithNumbers(Some.Carol, Some.Bob), checkedPair.RightToSeq().Head());
        Assert.Equal((Some.Carol, Some.Bob, 3600), (checkedPair.RightToSeq().Head().A, checkedPair.RightToSeq().Head().B,
            checkedPair.RightToSeq().Head().TtlSeconds));
    }

    static readonly Either<ConversationError, Chosen> NoneFree =
        new ConversationError.NoFreeNumber(Some.Alice);

    [Fact]
    public void An_exhausted_pool_rents_a_number_for_that_participant_only_when_allowed()
    {
        Assert.Equal(new CreationStep.Provision(Some.Alice), Creation.AfterAllocation(NoneFree, mayProvision: true));
        Assert.IsType<CreationStep.Done>(Creation.AfterAllocation(NoneFree, mayProvision: false));
    }

    [Fact]
    public void Numbers_chosen_are_opened()
    {
        var numbers = new Chosen(Some.AlicesVirtual, Some.BobsVirtual);
        Assert.Equal(new CreationStep.Open(numbers), Creation.AfterAllocation(numbers, mayProvision: true));
    }

    [Theory]
    [InlineData(1, 3, true)]
    [InlineData(2, 3, true)]
    [InlineData(3, 3, false)]
    public void A_route_taken_concurrently_is_retried_until_the_attempts_are_spent(int attempt, int attempts, bool retried)
    {
        Either<ConversationError, Conversation> taken = new ConversationError.Contended(Some.Alice, Some.Bob);
        var step = Creation.AfterOpen(taken, attempt, attempts);
        Assert.Equal(retried, step is CreationStep.Retry);
    }

    [Fact]
    public void An_opened_conversation_is_done()
    {
        Either<ConversationError, Conversation> opened = Some.Opened();
        Assert.Equal(new CreationStep.Done(opened), Creation.AfterOpen(opened, 1, 3));
    }
}
