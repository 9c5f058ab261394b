using System.Text;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>docs/architecture.md, invariant 3 at the edge: whatever Vonage sends, a 200 NCCO that leaks no number.</summary>
[Trait("Category", "Integration")]
public class AnswerWebhookTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("447911123456", "447700900099")] // nobody's route
    [InlineData("", "")]                         // withheld caller, nothing dialed
    [InlineData("Unknown", "447700900000")]      // Vonage's withheld form
    [InlineData("sip:alice@example.com", "x")]   // not a phone number at all
    public async Task An_unknown_route_is_a_spoken_refusal(string from, string to) =>
        Assert.Equal(Refusal, (await api.Http.Answer(from, to)).GetRawText());

    [Fact]
    public async Task No_route_but_the_exact_two_connect()
    {
        var c = await api.Http.CreatedConversation("+447911222001", "+447400555002");
        var (a, b) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "number")));
        var (va, vb) = (Digits(c.Str("userA", "virtualNumber")), Digits(c.Str("userB", "virtualNumber")));
        var outsider = "447400999999";
        var others = new[] { (a, va), (b, vb), (outsider, va), (outsider, vb), (vb, a), (va, b), (a, b) }
            .Where(call => call != (a, vb) && call != (b, va)); // va may equal vb: then (a, va) is a route
        foreach (var (from, to) in others)
        {
            var ncco = (await api.Http.Answer(from, to)).GetRawText();
            Assert.Equal(Refusal, ncco);
            foreach (var number in new[] { a, b }) Assert.DoesNotContain(number, ncco);
        }
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_malformed_post_is_still_answered_with_an_ncco(string body)
    {
        using var response = await api.Http.PostAsync("/webhooks/answer",
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(Refusal, (await Ncco(response)).GetRawText());
    }

    [Fact]
    public void The_schema_check_itself_rejects_a_leaky_connect()
    {
        // Guards the guard: a '+' in from, or a missing endpoint, must fail Vonage's schema.
        Assert.NotEmpty(NccoSchema.Errors("""[{"action":"connect","from":"+447700900000","endpoint":[{"type":"phone","number":"447911123456"}]}]"""));
        Assert.NotEmpty(NccoSchema.Errors("""[{"action":"connect","from":"447700900000"}]"""));
        Assert.NotEmpty(NccoSchema.Errors("[]"));
    }
}
