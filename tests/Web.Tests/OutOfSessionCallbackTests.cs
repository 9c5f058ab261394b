using System.Diagnostics;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// A caller in no conversation on the number they dialed: the backend is asked (signed, within a
/// strict time limit) and its answer is acted on; no answer in time, or one we cannot read, is
/// the static behaviour. Participants never wait on the backend.
/// </summary>
[Trait("Category", "Integration")]
public class OutOfSessionCallbackTests
{
    const string Stranger = "+447400133999";

    static async Task<(VoiceProxyApp App, HttpClient Http, string Dialed)> Start(CallbackReceiver receiver)
    {
        var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), new Dictionary<string, string?>
        {
            ["VoiceProxy:OutOfSession:CallbackUrl"] = receiver.Url.ToString(),
            ["VoiceProxy:OutOfSession:CallbackTimeoutMilliseconds"] = "1000",
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
        });
        app.StartServer();
        var http = app.CreateClient();
        var created = await http.CreatedConversation("+447911133001", "+447400133001");
        return (app, http, Digits(created.Str("userB", "virtualNumber")));
    }

    [Fact]
    public async Task The_backend_can_forward_a_stranger_or_refuse_them_in_its_own_words()
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Answer = (_, _) => 200;
        var (app, http, dialed) = await Start(receiver);
        await using (app)
        using (http)
        {
            receiver.Body = """{"action":"forward","number":"+447400133500"}""";
            var forwarded = await http.Answer(Digits(Stranger), dialed);
            Assert.Equal(("connect", "447400133500", dialed),
                (forwarded[1].Str("action"), forwarded[1].GetProperty("endpoint")[0].Str("number"), forwarded[1].Str("from")));
            var asked = Assert.Single(receiver.Arrived);
            Assert.True(asked.Verified);
            Assert.Equal("out-of-session.call", asked.Type);

            receiver.Body = """{"action":"refuse","message":"This ride has been reassigned. Goodbye."}""";
            Assert.Equal("This ride has been reassigned. Goodbye.", (await http.Answer(Digits(Stranger), dialed))[0].Str("text"));
            // Words that hold a phone number are not spoken to a stranger: the configured prompt instead.
            receiver.Body = """{"action":"refuse","message":"Call our driver on +447400133001"}""";
            Assert.Equal("Sorry, this number is not in service. Goodbye.", (await http.Answer(Digits(Stranger), dialed))[0].Str("text"));

            // A participant is connected without asking anyone.
            var before = receiver.Arrived.Count;
            Assert.Equal("connect", (await http.Answer(Digits("+447911133001"), dialed))[1].Str("action"));
            Assert.Equal(before, receiver.Arrived.Count);
        }
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("garbage")]
    [InlineData("500")]
    public async Task No_usable_answer_in_time_is_the_static_behaviour(string how)
    {
        await using var receiver = await CallbackReceiver.Start();
        switch (how)
        {
            case "slow":
                receiver.Answer = (_, _) => 200;
                (receiver.Body, receiver.Delay) = ("""{"action":"forward","number":"+447400133500"}""", TimeSpan.FromSeconds(5));
                break;
            case "garbage":
                receiver.Answer = (_, _) => 200;
                receiver.Body = """{"action":"teleport"}""";
                break;
            default:
                receiver.Answer = (_, _) => 500;
                break;
        }
        var (app, http, dialed) = await Start(receiver);
        await using (app)
        using (http)
        {
            // The first stranger's call on a new app also pays for JIT and the callback client's first
            // connection (a cold start; 3.02 s once on a loaded machine): warm that path, then time the rule.
            await http.Answer(Digits(Stranger), dialed);
            var clock = Stopwatch.StartNew();
            var ncco = await http.Answer(Digits(Stranger), dialed);
            Assert.Equal("Sorry, this number is not in service. Goodbye.", Assert.Single(ncco.EnumerateArray()).Str("text"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        }
    }
}
