using VoiceProxy.Web.Infrastructure.Vonage;
using VoiceProxy.Web.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace VoiceProxy.Web.Tests.Vonage;

/// <summary>Numbers API contract, as VONAGE.md §2.2 documents it (SPEC numbers.yml; NET NumbersClient).</summary>
public sealed class NumbersClientTests : IDisposable
{
    readonly FakeVonage vonage = new();

    static string Ok => """{"error-code":"200","error-code-label":"success"}""";

    [Fact]
    public async Task Search_is_a_GET_with_country_features_and_size_and_basic_auth()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).RespondWith(Response.Create()
            .WithBody("""{"count":1,"numbers":[{"country":"GB","msisdn":"447700900123","type":"mobile-lvn","features":["VOICE","SMS"]}]}"""));
        var found = await vonage.Numbers().Search("GB", ["VOICE", "SMS"], 3, default);

        Assert.Equal("447700900123", found.RightToSeq().Flatten().Single().Msisdn);
        var sent = Assert.Single(vonage.Requests("/number/search"));
        Assert.Equal(("GB", "SMS,VOICE", "3"), (FakeVonage.Query(sent, "country"), FakeVonage.Query(sent, "features"), FakeVonage.Query(sent, "size")));
        Assert.Equal(FakeVonage.BasicAuth, FakeVonage.Header(sent, "Authorization"));
    }

    [Fact]
    public async Task Buy_posts_a_form_with_country_and_msisdn()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/buy").UsingPost()).RespondWith(Response.Create().WithBody(Ok));
        Assert.True((await vonage.Numbers().Buy("GB", "447700900123", default)).IsRight);
        var sent = Assert.Single(vonage.Requests("/number/buy"));
        Assert.Equal("POST", sent.RequestMessage!.Method);
        Assert.Equal(("GB", "447700900123"), (FakeVonage.Form(sent)["country"], FakeVonage.Form(sent)["msisdn"]));
        Assert.Equal(FakeVonage.BasicAuth, FakeVonage.Header(sent, "Authorization"));
    }

    [Fact]
    public async Task A_420_on_buy_is_a_rejection_and_is_not_retried()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/buy").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(420).WithBody("""{"error-code":"420","error-code-label":"method failed"}"""));
        var bought = await vonage.Numbers().Buy("GB", "447700900123", default);
        Assert.IsType<VonageFailure.Rejected>(bought.LeftToSeq().Single());
        Assert.Single(vonage.Requests("/number/buy"));
    }

    [Fact]
    public async Task A_buy_is_never_retried_even_on_a_server_error()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/buy").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        var bought = await vonage.Numbers().Buy("GB", "447700900123", default);
        Assert.IsType<VonageFailure.Unavailable>(bought.LeftToSeq().Single());
        Assert.Single(vonage.Requests("/number/buy"));
    }

    [Fact]
    public async Task Linking_sets_app_id_not_the_deprecated_voiceCallbackType_app()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/update").UsingPost()).RespondWith(Response.Create().WithBody(Ok));
        Assert.True((await vonage.Numbers().Link("GB", "447700900123", default)).IsRight);
        var form = FakeVonage.Form(Assert.Single(vonage.Requests("/number/update")));
        Assert.Equal((FakeVonage.AppId, "GB", "447700900123", null), (form["app_id"], form["country"], form["msisdn"], form["voiceCallbackType"]));
    }

    [Fact]
    public async Task A_non_200_error_code_in_a_200_answer_is_a_failure()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/cancel").UsingPost()).RespondWith(Response.Create()
            .WithBody("""{"error-code":"420","error-code-label":"number not owned"}"""));
        Assert.IsType<VonageFailure.Rejected>((await vonage.Numbers().Cancel("GB", "447700900123", default)).LeftToSeq().Single());
    }

    [Fact]
    public async Task A_401_is_unauthorized()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).RespondWith(Response.Create().WithStatusCode(401));
        var found = await vonage.Numbers().Search("GB", ["VOICE"], 1, default);
        var failure = found.LeftToSeq().Single();
        Assert.IsType<VonageFailure.Unauthorized>(failure);
        Assert.False(failure.WorthRetrying);
    }

    [Fact]
    public async Task A_429_on_an_idempotent_call_is_retried_then_succeeds()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).InScenario("throttle")
            .WillSetStateTo("calm").RespondWith(Response.Create().WithStatusCode(429));
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).InScenario("throttle")
            .WhenStateIs("calm").RespondWith(Response.Create().WithBody("""{"count":0,"numbers":[]}"""));
        Assert.True((await vonage.Numbers().Search("GB", ["VOICE"], 10, default)).IsRight);
        Assert.Equal(2, vonage.Requests("/number/search").Count);
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_after_three_attempts_as_worth_retrying()
    {
        vonage.Server.Given(Request.Create().WithPath("/number/search").UsingGet()).RespondWith(Response.Create().WithStatusCode(429));
        var failure = (await vonage.Numbers().Search("GB", ["VOICE"], 1, default)).LeftToSeq().Single();
        Assert.IsType<VonageFailure.Throttled>(failure);
        Assert.True(failure.WorthRetrying);
        Assert.Equal(3, vonage.Requests("/number/search").Count);
    }

    public void Dispose() => vonage.Dispose();
}
