using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The set-up texts go no faster than Vonage:SetupTextsPerSecond (an account's throughput at
/// Vonage), a burst of creations included, and none is lost to the wait.
/// </summary>
[Trait("Category", "Integration")]
public class SetupTextPaceTests
{
    sealed record Sms(string To, DateTimeOffset SentAt);

    static readonly string[] Went = ["sent", "delivered"];

    [Fact]
    public async Task A_burst_of_creations_is_texted_at_the_configured_pace_and_every_text_goes()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(),
            new Dictionary<string, string?> { ["Vonage:SetupTextsPerSecond"] = "2" });
        using var http = app.CreateClient();
        using var paced = app.Collect<int>("voiceproxy.sms.paced");
        var users = Enumerable.Range(1, 3).Select(i => ($"+4479111330{i:D2}", $"+4474001330{i:D2}")).ToList();
        var created = await Task.WhenAll(users.Select(u => http.CreatedConversation(u.Item1, u.Item2)));
        var firstCreated = created.Min(c => DateTimeOffset.Parse(c.Str("createdAt"), System.Globalization.CultureInfo.InvariantCulture));

        // An operator sees the texts waiting for their slot while they trail the burst.
        await TwoInstances.Until(() =>
        {
            paced.RecordObservableInstruments();
            return Task.FromResult(paced.LastMeasurement?.Value > 0);
        }, "the paced texts never showed in voiceproxy.sms.paced", TimeSpan.FromSeconds(20));
        foreach (var c in created)
        {
            // Sent, or delivered once the sandbox's carrier has reported: not failed, not lost to the wait.
            var texted = await http.Texted(c.Str("id"));
            foreach (var side in new[] { "userA", "userB" }) Assert.Contains(texted.Str(side, "textStatus"), Went);
        }
        var texts = (await Task.WhenAll(users.SelectMany(u => new[] { u.Item1, u.Item2 })
            .Select(to => http.TextsTo<Sms>(to)))).SelectMany(t => t).ToList();

        // Six texts, each participant's once; at two a second (two at once first) the last went
        // two seconds after the first could, at the earliest.
        Assert.Equal(6, texts.Count);
        paced.RecordObservableInstruments();
        Assert.Equal(0, paced.LastMeasurement?.Value);
        Assert.Equal(6, texts.Select(t => t.To).Distinct().Count());
        Assert.True(texts.Max(t => t.SentAt) - firstCreated >= TimeSpan.FromSeconds(2),
            $"six texts went within {(texts.Max(t => t.SentAt) - firstCreated).TotalMilliseconds} ms of the first creation");
    }
}
