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

    [Theory]
    [InlineData(503, true)]  // cannot handle requests now: it did not handle this one
    [InlineData(500, false)] // failed while handling it: it may have gone out
    [InlineData(502, false)] // a gateway's upstream may have had it
    public async Task A_text_is_certainly_not_sent_only_when_Vonage_could_not_take_it(int status, bool notSent)
    {
        Answer("", status);
        var failure = (await vonage.Sms().Send(new OutgoingSms("447700900001", "447911123456", "x", "r"), default)).LeftToSeq().Single();
        Assert.Equal((true, notSent), (failure.WorthRetrying, failure.NotSent));
        Assert.Single(vonage.Requests("/sms/json"));
    }

    [Fact]
    public async Task Vonage_out_of_reach_is_certainly_not_sent()
    {
        // A port nothing listens on: the connection is refused before any request leaves.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = (await vonage.SmsAt($"http://127.0.0.1:{port}").Send(new OutgoingSms("447700900001", "447911123456", "x", "r"), default))
            .LeftToSeq().Single();

        Assert.True(failure.NotSent, failure.Reason);
        Assert.Contains("could not be reached", failure.Reason);
    }

    [Fact]
    public async Task Throttled_is_certainly_not_sent()
    {
        Answer("""{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded"}]}""");
        var failure = (await vonage.Sms().Send(new OutgoingSms("447700900001", "447911123456", "x", "r"), default)).LeftToSeq().Single();
        Assert.True(failure.NotSent);
    }

    public void Dispose() => vonage.Dispose();
}
