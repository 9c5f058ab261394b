using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Erasing an ended conversation's personal data, asked for (DELETE /conversations/{id}/personal-data)
/// or at the end of the retention period: afterwards no table the service keeps holds its
/// participants' numbers or the words they texted, and its trail still says what happened.
/// </summary>
[Trait("Category", "Integration")]
public class ErasureTests
{
    const string Alice = "+447911151001", Bob = "+447400151001", Dave = "+447400151003";
    const string Words = "Outside the blue door";

    static Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VoiceProxy:KeepRelayedTexts"] = "true",
            ["VoiceProxy:Callbacks:Secret"] = CallbackReceiver.Secret,
            ["VoiceProxy:Callbacks:IncludeNumbers"] = "true",
            ["VoiceProxy:Callbacks:PollMilliseconds"] = "50",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    static Task CallStatus(HttpClient http, string id, string from, string to, string uuid, string status) =>
        http.PostTaken($"/webhooks/event?conversation={id}",
            new { from = Digits(from), to = Digits(to), uuid, conversation_uuid = "CON-1", direction = "outbound", status });

    static async Task<(HttpStatusCode Status, JsonElement Body)> Erase(HttpClient http, string id)
    {
        using var response = await http.DeleteAsync($"/conversations/{id}/personal-data");
        return (response.StatusCode, await Json(response));
    }

    /// <summary>
    /// Every row of every table in the service's schema, as text, that holds any of
    /// <paramref name="personal"/>; the sandbox's outbox aside (it stands for Vonage's records, not ours).
    /// </summary>
    static async Task<List<string>> RowsNaming(string connection, params string[] personal)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'voice_proxy' and table_type = 'BASE TABLE'", db))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("mt_events", tables);
        var found = new List<string>();
        foreach (var table in tables.Where(t => t != "mt_doc_sandboxmessage"))
        {
            await using var rows = new NpgsqlCommand($"select t::text from voice_proxy.\"{table}\" t", db);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                if (reader.GetString(0) is var row && personal.Any(p => row.Contains(p, StringComparison.Ordinal)))
                    found.Add($"{table}: {row}");
        }
        return found;
    }

    [Fact]
    public async Task Once_erased_no_table_names_the_participants_or_their_words_and_the_trail_still_tells_what_happened()
    {
        await using var receiver = await CallbackReceiver.Start();
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection, Settings());
        app.StartServer();
        using var http = app.CreateClient();
        var (status, created) = await http.CreateConversation(new
        {
            userA = Alice,
            userB = Bob,
            mode = "voice-and-message",
            callbackUrl = receiver.Url.ToString(),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        var (id, alicesVirtual, bobsVirtual) = (created.Str("id"), created.Str("userA", "virtualNumber"), created.Str("userB", "virtualNumber"));
        await http.Delivered(id);
        // A call (Alice dials Bob's stand-in, Bob answers), and a text relayed with its words kept.
        AssertConnects(await http.Answer(Digits(Alice), Digits(bobsVirtual)), alicesVirtual, Bob, id);
        await CallStatus(http, id, alicesVirtual, Bob, "out-1", "answered");
        using (var sent = await http.PostAsJsonAsync("/sandbox/inbound-sms", new { from = Alice, to = bobsVirtual, text = Words }))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.NotEmpty(await RowsNaming(connection, Digits(Alice), Digits(Bob), Words));
        // Bob hands over to Dave: a second pair, with sticky numbers of its own that name Bob's successor.
        var (replaced, _) = await http.PatchConversation(id, $$"""{"userB":"{{Dave}}"}""");
        Assert.Equal(HttpStatusCode.OK, replaced);

        // Live: refused, and nothing touched.
        var (live, refusal) = await Erase(http, id);
        Assert.Equal((HttpStatusCode.Conflict, "The conversation is still live."), (live, refusal.Str("title")));
        Assert.Contains(await RowsNaming(connection, Words), r => r.StartsWith("mt_events", StringComparison.Ordinal));

        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        // The callbacks settle first: one still being tried goes out as it was queued (and is kept).
        await TwoInstances.Until(async () => (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/callbacks"))
            .EnumerateArray().Any(c => c.Str("type") == "conversation.closed" && c.Str("state") == "delivered")
            && !(await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/callbacks")).EnumerateArray().Any(c => c.Str("state") == "pending"),
            "the callbacks never settled", TimeSpan.FromSeconds(30));

        // Asked twice at once: both answer the erased conversation.
        var erased = await Task.WhenAll(Erase(http, id), Erase(http, id));
        Assert.All(erased, e => Assert.Equal(HttpStatusCode.OK, e.Status));
        var view = erased[0].Body;
        Assert.Equal(JsonValueKind.Null, view.GetProperty("userA").GetProperty("number").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("userB").GetProperty("number").ValueKind);
        Assert.Equal((alicesVirtual, "closed"), (view.Str("userA", "virtualNumber"), view.Str("status")));
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("erasedAt").ValueKind);
        // The backend hears of it, once, naming no one (even with includeNumbers).
        await TwoInstances.Until(() => receiver.Taken().Any(r => r.Type == "conversation.erased"), "conversation.erased never came",
            TimeSpan.FromSeconds(30));
        var told = Assert.Single(receiver.Taken(), r => r.Type == "conversation.erased");
        Assert.Equal("erased", told.Json.GetProperty("data").GetProperty("conversation").Str("userA", "number"));
        Assert.DoesNotContain(Digits(Alice), told.Body, StringComparison.Ordinal);

        // The call ends after the erasure: a status that can no longer be matched to the conversation's
        // participants is not written into its trail (only a leg of its own route may write there).
        await CallStatus(http, id, alicesVirtual, Bob, "out-1", "completed");
        Assert.Empty(await RowsNaming(connection, Digits(Alice), Digits(Bob), Digits(Dave), Words));

        var trail = (await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events")).EnumerateArray().ToList();
        Assert.Equal(["conversation_opened", "message_relayed", "participant_replaced", "conversation_closed", "personal_data_erased"],
            trail.Select(e => e.Str("type")).Where(t => !t.StartsWith("text_", StringComparison.Ordinal)
                && t is not ("participant_notified" or "call_event_recorded")).ToArray());
        Assert.Equal(["answered"], trail.Where(e => e.Str("type") == "call_event_recorded")
            .Select(e => e.GetProperty("data").GetProperty("call").Str("status")).ToArray());
        Assert.Single(trail, e => e.Str("type") == "personal_data_erased");
        var opened = trail[0].GetProperty("data");
        Assert.Equal(("erased", bobsVirtual), (opened.Str("b", "number"), opened.Str("b", "virtualNumber")));

        // The call log still has the call, its times and how it ended; who called whom went with the numbers.
        using (var calls = await http.GetAsync($"/conversations/{id}/calls"))
        {
            Assert.Equal(HttpStatusCode.OK, calls.StatusCode);
            var log = await calls.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Digits(Alice), log, StringComparison.Ordinal);
            Assert.Contains("out-1", log, StringComparison.Ordinal);
        }

        // Its old number: no "this conversation has ended" (that record named the caller), just not in service.
        Assert.Equal(Refusal, (await http.Answer(Digits(Alice), Digits(bobsVirtual))).GetRawText());
        var again = await http.GetFromJsonAsync<JsonElement>($"/conversations/{id}");
        Assert.Equal(view.GetProperty("erasedAt").GetDateTimeOffset(), again.GetProperty("erasedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task After_the_retention_period_an_ended_conversation_is_erased_and_a_live_one_is_not()
    {
        var connection = await TestPostgres.CreateDatabase();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = new VoiceProxyApp(connection, Settings(
            ("VoiceProxy:Retention:EraseAfterDays", "1"), ("VoiceProxy:Expiry:SweepIntervalSeconds", "0")), clock);
        using var http = app.CreateClient();
        var closing = await http.CreatedConversation(Alice, Bob);
        var (_, lasting) = await http.CreateConversation(new { userA = "+447911151002", userB = "+447400151002", ttlSeconds = 3 * 86_400 });
        var (_, unknown) = await Erase(http, Guid.NewGuid().ToString());
        Assert.Equal("No such conversation.", unknown.Str("title"));
        using (var closed = await http.DeleteAsync($"/conversations/{closing.Str("id")}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var sweeper = app.Services.GetRequiredService<RetentionSweeper>();

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await sweeper.SweepOnce(CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await sweeper.SweepOnce(CancellationToken.None));
        Assert.Empty(await RowsNaming(connection, Digits(Alice), Digits(Bob)));
        Assert.NotEmpty(await RowsNaming(connection, "447911151002"));

        // The other ended when it expired, two days on, and was never swept: a day after, it is erased too.
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, await sweeper.SweepOnce(CancellationToken.None));
        Assert.Equal(0, await sweeper.SweepOnce(CancellationToken.None));
        Assert.Empty(await RowsNaming(connection, "447911151002", "447400151002"));
        var expired = await http.GetFromJsonAsync<JsonElement>($"/conversations/{lasting.Str("id")}");
        Assert.Equal(("expired", JsonValueKind.Null), (expired.Str("status"), expired.GetProperty("userA").GetProperty("number").ValueKind));
    }

    [Fact]
    public async Task A_conversation_stored_before_the_retention_sweep_existed_is_erased_in_its_turn()
    {
        var connection = await TestPostgres.CreateDatabase();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = new VoiceProxyApp(connection, Settings(("VoiceProxy:Retention:EraseAfterDays", "1")), clock);
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation(Alice, Bob)).Str("id");
        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        // As an older version stored it: no end time in its column, none of the newer fields in its JSON.
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var undate = new NpgsqlCommand(
                "update voice_proxy.mt_doc_conversation set erasable_after = null, data = data - 'ErasableAfter' - 'ErasedAt'", db);
            Assert.Equal(1, await undate.ExecuteNonQueryAsync());
        }

        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await app.Services.GetRequiredService<RetentionSweeper>().SweepOnce(CancellationToken.None));
        Assert.Empty(await RowsNaming(connection, Digits(Alice), Digits(Bob)));
    }

    [Fact]
    public async Task An_erasure_recorded_but_not_finished_is_finished_by_asking_again()
    {
        var connection = await TestPostgres.CreateDatabase();
        await using var app = new VoiceProxyApp(connection, Settings());
        using var http = app.CreateClient();
        var id = (await http.CreatedConversation(Alice, Bob)).Str("id");
        using (var closed = await http.DeleteAsync($"/conversations/{id}")) Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        // As a crash would leave it right after recording the erasure: the stored events not yet rewritten.
        var store = app.Services.GetRequiredService<VoiceProxy.Web.Infrastructure.Persistence.ConversationStore>();
        var recorded = await store.Handle(Guid.Parse(id),
            new VoiceProxy.Core.Conversations.ConversationCommand.ErasePersonalData(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.True(recorded.IsRight);
        Assert.Contains(await RowsNaming(connection, Digits(Alice)), r => r.StartsWith("mt_events", StringComparison.Ordinal));

        var (status, _) = await Erase(http, id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(await RowsNaming(connection, Digits(Alice), Digits(Bob)),
            r => r.StartsWith("mt_events", StringComparison.Ordinal) || r.StartsWith("mt_doc_conversation", StringComparison.Ordinal));
    }
}
