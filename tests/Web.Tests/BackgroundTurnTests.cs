using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The set-up texts go through <see cref="CallsFirst"/>: while every turn is taken, a new
/// conversation's texts wait, and they go out once a turn is given back. (Without the wiring
/// they go out within milliseconds of the 201.) Meanwhile the backlog is in the
/// <c>voiceproxy_background_behind</c> gauge.
/// </summary>
[Trait("Category", "Integration")]
public class BackgroundTurnTests
{
    [Fact]
    public async Task Set_up_texts_wait_for_a_turn_of_background_work()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase());
        using var http = app.CreateClient();
        var callsFirst = app.Services.GetRequiredService<CallsFirst>();
        var held = new List<CallsFirst.Turn>();
        for (var i = 0; i < CallsFirst.Most; i++) held.Add(await callsFirst.Wait(BackgroundWork.SetupTexts, CancellationToken.None));

        var id = (await http.CreatedConversation("+447911127001", "+447400127001")).Str("id");
        // Long enough for the daemon to have taken the conversation (it is woken by the commit).
        await Task.Delay(TimeSpan.FromSeconds(2));
        var waiting = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}");
        Assert.Equal(("pending", "pending"), (waiting.Str("userA", "textStatus"), waiting.Str("userB", "textStatus")));
        // The backlog shows: the set-up texts have not read past the conversation's opening.
        Assert.True(await Behind(app, "setup_texts") >= 1);

        foreach (var turn in held) turn.Dispose();
        await http.Delivered(id);
        await TwoInstances.Until(async () => await Behind(app, "setup_texts") == 0, "the set-up texts never caught up");
    }

    // voiceproxy.background.behind for one kind of work, read now rather than on the gauges' timer.
    static async Task<long> Behind(VoiceProxyApp app, string work)
    {
        using var behind = app.Collect<long>("voiceproxy.background.behind");
        await app.Services.GetRequiredService<DatabaseGauges>().Refresh(CancellationToken.None);
        behind.RecordObservableInstruments();
        return behind.GetMeasurementSnapshot().Last(m => m.Tags["work"] as string == work).Value;
    }
}
