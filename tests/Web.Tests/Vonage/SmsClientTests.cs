using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>SMS API contract, VONAGE.md §2.4 (SPEC sms.yml): failures come back as HTTP 200.</summary>
public sealed class SmsClientTests : IDisposable
{
    readonly FakeVonage vonage = new();

    void Answer(string json, int status = 200) => vonage.Server.Given(Request.Create().WithPath("/sms/json").UsingPost())
        .RespondWith(Response.Create().WithStatusCode(status).WithBody(json));

    [Fact]
    public async Task Sending_posts_key_secret_from_to_and_text_as_a_form()
    {
        Answer("""{"message-count":"1","messages":[{"to":"447911123456","message-id":"m-1","status":"0"}]}""");
        var receipt = (await vonage.Sms().Submit("447700900001", "447911123456", "Call +447700900001", default)).RightToSeq().Single();
        Assert.Equal("m-1", receipt.MessageId);
        var form = FakeVonage.Form(Assert.Single(vonage.Requests("/sms/json")));
        Assert.Equal((FakeVonage.Key, FakeVonage.Secret, "447700900001", "447911123456", "Call +447700900001"),
            (form["api_key"], form["api_secret"], form["from"], form["to"], form["text"]));
    }

    [Fact]
    public async Task Status_9_in_a_200_is_no_credit()
    {
        Answer("""{"message-count":"1","messages":[{"status":"9","error-text":"Partner quota exceeded"}]}""");
        Assert.IsType<VonageFailure.NoCredit>((await vonage.Sms().Submit("447700900001", "447911123456", "x", default)).LeftToSeq().Single());
    }

    [Fact]
    public async Task Status_29_is_a_rejection_naming_vonages_reason()
    {
        Answer("""{"message-count":"1","messages":[{"status":"29","error-text":"Non White-listed Destination"}]}""");
        var failure = (await vonage.Sms().Submit("447700900001", "447911123456", "x", default)).LeftToSeq().Single();
        Assert.Contains("Non White-listed Destination", failure.Reason);
    }

    [Fact]
    public async Task An_SMS_is_never_retried_so_nobody_is_texted_twice()
    {
        Answer("", status: 500);
        Assert.IsType<VonageFailure.Unavailable>((await vonage.Sms().Submit("447700900001", "447911123456", "x", default)).LeftToSeq().Single());
        Assert.Single(vonage.Requests("/sms/json"));
    }

    public void Dispose() => vonage.Dispose();
}
