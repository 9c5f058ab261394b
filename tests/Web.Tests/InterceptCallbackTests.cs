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

    [Fact]
    public async Task A_conversation_s_own_intercept_url_is_asked_instead_of_the_service_s_and_about_its_texts_too()
    {
        await using var service = await CallbackReceiver.Start();
        await using var own = await CallbackReceiver.Start();
        (service.Answer, own.Answer) = ((_, _) => 200, (_, _) => 403);
        var (app, http, plain) = await Start(service);
        await using (app)
        using (http)
        {
            var (status, created) = await http.CreateConversation(new
            {
                userA = "+447911134002",
                userB = "+447400134002",
                mode = "voice-and-message",
                interceptUrl = own.Url.ToString(),
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, status);
            Assert.Equal(own.Url.ToString(), created.Str("interceptUrl"));
            var bobsVirtual = created.Str("userB", "virtualNumber");
            // Its own backend blocks; the service-wide one is not asked about it.
            var blocked = await http.Answer(Digits("+447911134002"), Digits(bobsVirtual));
            Assert.Equal("Sorry, this call cannot be connected. Goodbye.", Assert.Single(blocked.EnumerateArray()).Str("text"));
            Assert.Empty(service.Arrived);
            // Another conversation still asks the service-wide one.
            Assert.Equal("connect", (await http.Answer(Digits("+447911134001"), Digits(plain.Str("userB", "virtualNumber"))))[1].Str("action"));
            Assert.Single(service.Arrived);

            // A text is asked about before it is relayed (role and message id, never the text or a number); 403 drops it.
            using (var texted = await http.PostAsJsonAsync("/sandbox/inbound-sms", new { from = "+447911134002", to = bobsVirtual, text = "at the gate" }))
                Assert.True(texted.IsSuccessStatusCode);
            var question = own.Arrived.Last();
            Assert.Equal(("intercept.message", "userA"), (question.Type, question.Json.GetProperty("data").Str("sender")));
            Assert.DoesNotContain("gate", question.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("134002", question.Body, StringComparison.Ordinal);
            var outbox = await http.GetFromJsonAsync<JsonElement>("/sandbox/messages?to=%2B447400134002");
            Assert.DoesNotContain(outbox.EnumerateArray(), m => m.Str("text") == "at the gate");

            // Let through, it is relayed; both decisions are on the stream.
            own.Answer = (_, _) => 204;
            using (var texted = await http.PostAsJsonAsync("/sandbox/inbound-sms", new { from = "+447911134002", to = bobsVirtual, text = "at gate 4" }))
                Assert.True(texted.IsSuccessStatusCode);
            await TwoInstances.Until(async () => (await http.GetFromJsonAsync<JsonElement>("/sandbox/messages?to=%2B447400134002"))
                .EnumerateArray().Any(m => m.Str("text") == "at gate 4"), "the text let through was not relayed");
            await TwoInstances.Until(async () => (await http.GetFromJsonAsync<JsonElement>($"/conversations/{created.Str("id")}/events"))
                .EnumerateArray().Count(e => e.Str("type") == "message_intercepted") == 2, "the decisions on texts were not recorded");
        }
    }

    [Fact]
    public async Task An_intercept_url_needs_a_secret_to_sign_with()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var (status, body) = await http.CreateConversation(new
        {
            userA = "+447911134003",
            userB = "+447400134003",
            interceptUrl = "https://backend.example.com/intercept",
        });
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("interceptUrl", out _), body.ToString());
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
