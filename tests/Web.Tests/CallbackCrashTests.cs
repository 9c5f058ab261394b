using System.Net;
using System.Net.Http.Json;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The service killed (SIGKILL) right after acknowledging creations, before their callbacks
/// could be delivered (the receiver was refusing them): started again, it delivers every one.
/// </summary>
[Trait("Category", "Faults")]
public sealed class CallbackCrashTests
{
    const int Creations = 20;

    [Fact]
    public async Task Callbacks_of_acknowledged_conversations_survive_a_kill_between_commit_and_delivery()
    {
        var database = await TestPostgres.CreateDatabase();
        await using var receiver = await CallbackReceiver.Start();
        receiver.Answer = (_, _) => 503;
        var settings = new Dictionary<string, string>
        {
            ["VoiceProxy:Callbacks:Url"] = receiver.Url.ToString(),
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
            ["VoiceProxy:Callbacks:FirstRetrySeconds"] = "0.1",
            ["VoiceProxy:Callbacks:MaxRetrySeconds"] = "1",
        };
        var acknowledged = new List<string>();
        await using (var first = await ServiceProcess.Start(database, settings))
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Creations).Select(async i =>
            {
                using var response = await first.Http.PostAsJsonAsync("/conversations",
                    new { userA = $"+4474007{i:D5}", userB = $"+4474006{i:D5}" });
                // 503 (+ Retry-After) is an honest "not now" on a loaded machine: not acknowledged, so not owed a callback.
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable,
                    $"creation {i} answered {(int)response.StatusCode}");
                return response.StatusCode == HttpStatusCode.Created ? (await Api.Json(response)).Str("id") : null;
            }));
            first.Kill();
            acknowledged.AddRange(answers.OfType<string>());
            Assert.NotEmpty(acknowledged);
        }
        receiver.Answer = (_, _) => 204;
        await using var second = await ServiceProcess.Start(database, settings);
        await TwoInstances.Until(
            () => acknowledged.All(id => receiver.Taken().Any(r => r.ConversationId == id && r.Type == "conversation.created")),
            "a conversation.created callback was lost to the kill", TimeSpan.FromSeconds(60));
        Assert.All(receiver.Arrived, r => Assert.True(r.Verified));
    }
}
