using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>Number Insight basic contract, VONAGE.md §2.3 (SPEC number-insight.yml).</summary>
public sealed class NumberInsightClientTests : IDisposable
{
    readonly FakeVonage vonage = new();
    static readonly PhoneNumber Alice = PhoneNumber.Parse("+447911123456", "GB").RightToSeq().Head();

    void Answer(string json) =>
        vonage.Server.Given(Request.Create().WithPath("/ni/basic/json").UsingGet()).RespondWith(Response.Create().WithBody(json));

    [Fact]
    public async Task Basic_is_a_GET_with_key_secret_and_number_in_the_query()
    {
        Answer("""{"status":0,"status_message":"Success","international_format_number":"447911123456","country_code":"GG"}""");
        var insight = (await vonage.Insight().Basic(Alice, default)).RightToSeq().Single();
        Assert.Equal(("+447911123456", "GG"), (insight.Number.E164, insight.Country));
        var sent = Assert.Single(vonage.Requests("/ni/basic/json"));
        Assert.Equal((FakeVonage.Key, FakeVonage.Secret, "447911123456"),
            (FakeVonage.Query(sent, "api_key"), FakeVonage.Query(sent, "api_secret"), FakeVonage.Query(sent, "number")));
    }

    [Theory]
    [InlineData(1, typeof(VonageFailure.Throttled))]
    [InlineData(3, typeof(VonageFailure.Rejected))]
    [InlineData(4, typeof(VonageFailure.Unauthorized))]
    [InlineData(5, typeof(VonageFailure.Unavailable))]
    [InlineData(9, typeof(VonageFailure.NoCredit))]
    public async Task Each_status_maps_to_its_failure(int status, Type failure)
    {
        Answer($$"""{"status":{{status}},"status_message":"x"}""");
        Assert.IsType(failure, (await vonage.Insight().Basic(Alice, default)).LeftToSeq().Single());
    }

    public void Dispose() => vonage.Dispose();
}
