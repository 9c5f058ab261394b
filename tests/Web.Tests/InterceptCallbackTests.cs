using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The intercept callback: before a participant's call is connected the backend is asked; 403
/// blocks it, anything else lets it through, silence lets it through unless fail-closed. Each
/// decision lands on the conversation's stream; the question names roles, never numbers.
/// </summary>
[Trait("Category", "Integration")]
public class InterceptCallbackTests
{
    static async Task<(VoiceProxyApp App, HttpClient Http, JsonElement Created)> Start(CallbackReceiver receiver, bool failClosed = false)
    {
        var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), new Dictionary<string, string?>
        {
            ["VoiceProxy:Intercept:Url"] = receiver.Url.ToString(),
            ["VoiceProxy:Intercept:TimeoutMilliseconds"] = "500",
            ["VoiceProxy:Intercept:FailClosed"] = failClosed ? "true" : "false",
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
        });
        app.StartServer();
        var http = app.CreateClient();
        return (app, http, await http.CreatedConversation("+447911134001", "+447400134001"));
    }

    [Fact]
    public async Task A_403_blocks_the_call_anything_else_connects_it_and_each_decision_is_recorded()
    {
        await using var receiver = await CallbackReceiver.Start();
        var (app, http, created) = await Start(receiver);
        await using (app)
        using (http)
        {
            var (alice, bobsVirtual) = (Digits("+447911134001"), Digits(created.Str("userB", "virtualNumber")));
            receiver.Answer = (_, _) => 403;
            var blocked = await http.Answer(alice, bobsVirtual);
            Assert.Equal("Sorry, this call cannot be connected. Goodbye.", Assert.Single(blocked.EnumerateArray()).Str("text"));
            receiver.Answer = (_, _) => 200;
            Assert.Equal("connect", (await http.Answer(alice, bobsVirtual))[1].Str("action"));

            var asked = receiver.Arrived.First();
            Assert.True(asked.Verified);
            Assert.Equal("userA", asked.Json.GetProperty("data").Str("caller"));
            Assert.DoesNotContain("134001", asked.Body, StringComparison.Ordinal);
            await TwoInstances.Until(async () => (await http.GetFromJsonAsync<JsonElement>($"/conversations/{created.Str("id")}/events"))
                .EnumerateArray().Count(e => e.Str("type") == "call_intercepted") == 2, "the decisions were not recorded");
        }
    }

    [Theory]
    [InlineData(false, "connect")]
    [InlineData(true, "talk")]
    public async Task A_backend_that_does_not_answer_in_time_follows_the_operators_choice(bool failClosed, string heard)
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Delay = TimeSpan.FromSeconds(5);
        var (app, http, created) = await Start(receiver, failClosed);
        await using (app)
        using (http)
        {
            var clock = Stopwatch.StartNew();
            var ncco = await http.Answer(Digits("+447911134001"), Digits(created.Str("userB", "virtualNumber")));
            Assert.Equal(heard, ncco[ncco.GetArrayLength() - 1].Str("action"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        }
    }
}
