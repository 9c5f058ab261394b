using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>
/// Every request our Vonage clients send, checked against Vonage's own OpenAPI documents
/// (<see cref="VonageContract"/>), not against our reading of them. This is what would have
/// caught number search sending features=VOICE,SMS, which the document does not allow.
/// </summary>
public sealed class VonageContractTests : IDisposable
{
    readonly FakeVonage vonage = new();

    public VonageContractTests() =>
        vonage.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithBody(
            """{"error-code":"200","error-code-label":"success","count":0,"numbers":[],"status":0,"international_format_number":"447700900123","country_code":"GB","message-count":"1","messages":[{"status":"0","message-id":"m-1","to":"447700900123"}]}"""));

    void AssertKept()
    {
        Assert.NotEmpty(vonage.Server.LogEntries);
        Assert.All(vonage.Server.LogEntries, sent => Assert.Empty(VonageContract.Violations(sent)));
    }

    [Theory]
    [InlineData("VOICE")]
    [InlineData("SMS")]
    [InlineData("VOICE,SMS")]
    [InlineData("SMS,VOICE")]
    [InlineData("MMS,VOICE")]
    [InlineData("VOICE,MMS,SMS")]
    public async Task Number_search_keeps_the_contract_whatever_order_the_features_come_in(string features)
    {
        await vonage.Numbers().Search("GB", features.Split(','), 3, default);
        AssertKept();
    }

    [Fact]
    public async Task Buying_linking_and_cancelling_keep_the_contract()
    {
        await vonage.Numbers().Buy("GB", "447700900123", default);
        await vonage.Numbers().Link("GB", "447700900123", default);
        await vonage.Numbers().Cancel("GB", "447700900123", default);
        AssertKept();
    }

    [Fact]
    public async Task Number_insight_basic_keeps_the_contract()
    {
        await vonage.Insight().Basic(PhoneNumber.Parse("+447911123456", "GB").IfLeft(_ => throw new ArgumentException()), default);
        AssertKept();
    }

    [Fact]
    public async Task Sending_a_text_keeps_the_contract()
    {
        await vonage.Sms().Send(new OutgoingSms("447700900001", "447911123456", "Call +447700900002", "0123456789abcdef0123456789abcdef-a"), default);
        AssertKept();
    }

    [Fact]
    public async Task The_contract_catches_an_undeclared_field_a_wrong_enum_and_a_missing_required_one()
    {
        using var http = new HttpClient { BaseAddress = new Uri(vonage.Url) };
        (await http.GetAsync("/number/search?features=VOICE,SMS&colour=red")).Dispose();
        var problems = VonageContract.Violations(Assert.Single(vonage.Server.LogEntries));
        Assert.Contains(problems, p => p.Contains("'features' is 'VOICE,SMS'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'colour' is not declared", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'country' is missing", StringComparison.Ordinal));
        (await http.PostAsync("/sms/json", new FormUrlEncodedContent(new Dictionary<string, string> { ["to"] = "447700900123" }))).Dispose();
        var sms = VonageContract.Violations(vonage.Server.LogEntries[^1]);
        Assert.Contains(sms, p => p.Contains("'api_key' is missing", StringComparison.Ordinal));
        Assert.Contains(sms, p => p.Contains("'from' is missing", StringComparison.Ordinal));
        vonage.Server.ResetLogEntries(); // sent by hand, to show the check bites: not ours to answer for

    }

    public void Dispose() => vonage.Dispose();
}
