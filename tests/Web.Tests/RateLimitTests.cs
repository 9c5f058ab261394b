using System.Net;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The REST API is limited per API key (a leaked key cannot run up a bill); the webhooks are
/// not, by default: a refused answer webhook is a dropped call.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RateLimitTests(RateLimitTests.Limited api) : IClassFixture<RateLimitTests.Limited>
{
    const int Burst = 5;

    public sealed class Limited : ApiFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["VoiceProxy:ApiKeys:0"] = "key-zero",
            ["VoiceProxy:ApiKeys:1"] = "key-one",
            ["VoiceProxy:RateLimits:ApiPerSecond"] = "1",
            ["VoiceProxy:RateLimits:ApiBurst"] = $"{Burst}",
        };
    }

    HttpClient Client(string key)
    {
        var http = api.App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    [Fact]
    public async Task The_request_past_the_burst_is_429_with_retry_after_and_another_key_and_the_webhooks_are_unaffected()
    {
        using var zero = Client("key-zero");
        var created = await zero.CreatedConversation("+447400773001", "+447400773002");
        // The bucket refills one a second, so a quick run of requests meets the limit just past the burst.
        var answered = 0;
        HttpResponseMessage refused;
        while (true)
        {
            refused = await zero.GetAsync("/conversations");
            if (refused.StatusCode != HttpStatusCode.OK) break;
            refused.Dispose();
            answered++;
        }
        using (refused)
        {
            Assert.InRange(answered, Burst - 2, Burst + 2);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        }

        using var one = Client("key-one");
        using (var other = await one.GetAsync("/conversations"))
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var vonage = api.App.CreateClient();
        for (var i = 0; i < 3 * Burst; i++)
            AssertConnects(await vonage.Answer(Digits(created.Str("userA", "number")), Digits(created.Str("userB", "virtualNumber"))),
                created.Str("userA", "virtualNumber"), created.Str("userB", "number"), created.Str("id"));
    }
}
