using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The warm-up sends the answer webhook to its own instance over HTTP (docs/benchmarks.md, "Right
/// after a restart"). Those calls are not calls: nobody is asked, counted or logged about them,
/// and only this process can mark one.
/// </summary>
[Trait("Category", "Integration")]
public class WarmupCallTests
{
    const string Stranger = "447400133998";

    [Fact]
    public async Task The_warm_up_sends_signed_webhooks_through_the_pipeline_and_no_refused_call_is_logged()
    {
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection, new Dictionary<string, string?> { ["Vonage:SignatureSecret"] = SignedFixture.Secret });
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.UntilReady(http);

        // Each signed webhook left its jti with the replay guard: they went through the signature
        // check over HTTP (the in-process rounds leave one).
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {MartenSetup.Schema}.seen_tokens", db);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 200, "the warm-up's webhooks did not reach the replay guard");
        // Every one of them was refused (two fictional numbers), and not one says so in the log.
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Refused call", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_marked_by_this_process_is_answered_but_not_asked_about_or_counted_and_a_forged_mark_is_an_ordinary_call()
    {
        await using var receiver = await CallbackReceiver.Start();
        receiver.Answer = (_, _) => 200;
        receiver.Body = """{"action":"refuse","message":"Nobody here by that name."}""";
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), new Dictionary<string, string?>
        {
            ["VoiceProxy:OutOfSession:CallbackUrl"] = receiver.Url.ToString(),
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
        });
        app.StartServer();
        using var http = app.CreateClient();
        await TwoInstances.UntilReady(http);
        var created = await http.CreatedConversation("+447911133071", "+447400133071");
        var dialed = Digits(created.Str("userB", "virtualNumber"));
        using var answered = app.Collect<long>("voiceproxy.calls.answered");
        var mark = app.Services.GetRequiredService<WarmupMark>().Value;

        async Task<JsonElement> Call(params string[] marks)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/webhooks/answer?from={Stranger}&to={dialed}");
            foreach (var m in marks) request.Headers.Add(WarmupMark.Header, m);
            using var response = await http.SendAsync(request);
            return await Ncco(response);
        }

        // The stranger hears the configured refusal; the backend is not asked, the call not counted.
        Assert.Equal("Sorry, this number is not in service. Goodbye.", (await Call(mark))[0].Str("text"));
        Assert.Empty(receiver.Arrived);
        Assert.Empty(answered.GetMeasurementSnapshot());

        var forged = new[] { mark[..^1] + (mark[^1] == '0' ? '1' : '0'), mark.ToLowerInvariant(), mark[..^1], mark + "0" };
        foreach (var m in forged)
            Assert.Equal("Nobody here by that name.", (await Call(m))[0].Str("text"));
        Assert.Equal("Nobody here by that name.", (await Call(mark, mark))[0].Str("text"));
        Assert.Equal(forged.Length + 1, receiver.Arrived.Count);
        Assert.Equal(forged.Length + 1, answered.GetMeasurementSnapshot().Count);
    }
}
