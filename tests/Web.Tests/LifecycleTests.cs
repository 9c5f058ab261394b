using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

public sealed class ManualClockFixture : ApiFixture
{
    readonly ManualClock clock = new(DateTimeOffset.UtcNow);

    public override TimeProvider Clock => clock;

    public ManualClock Manual => clock;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["VoiceProxy:Expiry:SweepIntervalSeconds"] = "0", // the tests sweep by hand
        ["VoiceProxy:PublicBaseUrl"] = "https://proxy.example.com",
    };
}

/// <summary>Expiry, the sweeper, the synchronous fallback, the call log and the audit trail.</summary>
[Trait("Category", "Integration")]
public class LifecycleTests(ManualClockFixture api) : IClassFixture<ManualClockFixture>
{
    [Fact]
    public async Task A_two_second_conversation_routes_then_answers_ended_before_any_sweep()
    {
        var (status, c) = await api.Http.CreateConversation(new { userA = "+447400910001", userB = "+447400910002", ttlSeconds = 2 });
        Assert.Equal(HttpStatusCode.Created, status);
        var (a, vb) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")));
        var ncco = await api.Http.Answer(a, vb);
        Assert.Equal(2, ncco[1].GetProperty("limit").GetInt32());

        api.Manual.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(Ended, (await api.Http.Answer(a, vb)).GetRawText());
        var read = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations/{c.Str("id")}");
        Assert.Equal("expired", read.Str("status"));
        // The listing agrees before any sweep has recorded it (Core's StatusFilter, in SQL).
        foreach (var (filter, listed) in new[] { ("expired", true), ("active", false) })
        {
            var page = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations?participant=447400910001&status={filter}");
            Assert.Equal(listed, page.GetProperty("items").EnumerateArray().Any(i => i.Str("id") == c.Str("id")));
        }
    }

    [Fact]
    public async Task A_lifetime_beyond_the_maximum_is_a_422()
    {
        var (status, problem) = await api.Http.CreateConversation(new { userA = "+447400910011", userB = "+447400910012", ttlSeconds = 10_000_000 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("ttlSeconds", out _));
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_record_each_expiry_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
            ids.Add(Guid.Parse((await api.Http.CreatedConversation($"+4474009201{i:00}", $"+4474009202{i:00}")).Str("id")));
        api.Manual.Advance(TimeSpan.FromDays(2)); // past every conversation's default day
        await using var second = new VoiceProxyApp(api.ConnectionString,
            new Dictionary<string, string?> { ["VoiceProxy:Expiry:SweepIntervalSeconds"] = "0" }, api.Clock);
        second.StartServer();

        var sweepers = new[] { api.App.Services, second.Services }.Select(s => s.GetRequiredService<ExpirySweeper>());
        await Task.WhenAll(sweepers.Select(s => s.SweepOnce(CancellationToken.None)));

        await using var query = api.Store.QuerySession();
        foreach (var id in ids)
        {
            var events = await query.Events.FetchStreamAsync(id);
            Assert.Single(events, e => e.Data is ConversationEvent.Expired);
            Assert.Equal(ConversationStatus.Expired, (await query.LoadAsync<Conversation>(id))!.Status);
        }
        Assert.Equal(0, await query.Query<Web.Infrastructure.Persistence.ProxyRoute>().CountAsync(r => ids.Contains(r.ConversationId)));
    }

    [Fact]
    public async Task Of_two_expiries_decided_on_the_same_version_the_stream_takes_one_and_the_loser_appends_nothing()
    {
        var id = Guid.Parse((await api.Http.CreatedConversation("+447400921001", "+447400921002")).Str("id"));
        await api.Http.Texted(id.ToString()); // no other writer on the stream from here on
        var expire = new ConversationEvent.Expired(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await using var first = api.Store.LightweightSession();
        await using var second = api.Store.LightweightSession();
        var one = await first.Events.FetchForWriting<Conversation>(id);
        var two = await second.Events.FetchForWriting<Conversation>(id);
        one.AppendOne(expire);
        two.AppendOne(expire);
        await first.SaveChangesAsync();
        // Marten raises a subclass (EventStreamUnexpectedMaxEventIdException); the store catches the base.
        await Assert.ThrowsAnyAsync<JasperFx.ConcurrencyException>(() => second.SaveChangesAsync());

        // What the store does next: decide again on the newer state, which is already expired.
        var store = api.App.Services.GetRequiredService<Web.Infrastructure.Persistence.ConversationStore>();
        await store.Handle(id, new ConversationCommand.Expire(DateTimeOffset.UtcNow.AddDays(3)), CancellationToken.None);
        await using var query = api.Store.QuerySession();
        Assert.Single(await query.Events.FetchStreamAsync(id), e => e.Data is ConversationEvent.Expired);
    }

    [Fact]
    public async Task A_busy_callee_gets_the_caller_the_unavailable_message()
    {
        var c = await api.Http.CreatedConversation("+447400930001", "+447400930002");
        var connect = (await api.Http.Answer(Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber"))))[1];
        var eventUrl = new Uri(connect.GetProperty("eventUrl")[0].GetString()!);
        Assert.Equal("proxy.example.com", eventUrl.Host);

        // Vonage posts the outbound leg's status to the connect's eventUrl and runs what comes back.
        var busy = $$"""{"uuid":"out-b","status":"busy","from":"{{Digits(c.Str("userA", "virtualNumber"))}}","to":"{{Digits(c.Str("userB", "number"))}}","direction":"outbound"}""";
        using var response = await api.Http.PostAsync(eventUrl.PathAndQuery, Body(busy));
        Assert.Equal("""[{"action":"talk","text":"Sorry, the person you are calling is not available. Please try again later. Goodbye."}]""",
            (await Ncco(response)).GetRawText());

        var ringing = busy.Replace("busy", "ringing");
        using var quiet = await api.Http.PostAsync(eventUrl.PathAndQuery, Body(ringing));
        Assert.Equal(HttpStatusCode.NoContent, quiet.StatusCode);
    }

    [Fact]
    public async Task A_full_call_is_one_call_log_entry_with_its_duration_and_each_event_is_recorded_once()
    {
        var c = await api.Http.CreatedConversation("+447400940001", "+447400940002");
        var id = c.Str("id");
        var (a, b) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "number")));
        var (va, vb) = (Digits(c.Str("userA", "virtualNumber")), Digits(c.Str("userB", "virtualNumber")));
        string In(string status, int at, string extra = "") =>
            $$"""{"uuid":"in-1","conversation_uuid":"CON-1","status":"{{status}}","from":"{{a}}","to":"{{vb}}","direction":"inbound","timestamp":"2026-11-23T10:00:{{at:00}}.000Z"{{extra}}}""";
        string Out(string status, int at, string extra = "") =>
            $$"""{"uuid":"out-1","conversation_uuid":"CON-1","status":"{{status}}","from":"{{va}}","to":"{{b}}","direction":"outbound","timestamp":"2026-11-23T10:00:{{at:00}}.000Z"{{extra}}}""";
        var deliveries = new[]
        {
            (false, In("started", 0)), (false, In("answered", 1)), (true, Out("started", 2)), (true, Out("ringing", 3)),
            (true, Out("answered", 5)), (true, Out("answered", 5)), // Vonage redelivers
            (true, Out("completed", 47, ",\"duration\":\"42\"")), (false, In("completed", 48, ",\"duration\":\"48\"")),
        };
        foreach (var (outbound, json) in deliveries)
            (await api.Http.PostAsync(outbound ? $"/webhooks/event?conversation={id}" : "/webhooks/event", Body(json))).Dispose();

        var calls = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/calls");
        var call = Assert.Single(calls.EnumerateArray());
        Assert.Equal(("in-1", "AtoB", "completed", 42),
            (call.Str("uuid"), call.Str("direction"), call.Str("status"), call.GetProperty("durationSeconds").GetInt32()));

        var trail = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations/{id}/events");
        var types = trail.EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Equal("conversation_opened", types[0]);
        Assert.Equal(7, types.Count(t => t == "call_event_recorded"));
    }

    [Fact]
    public async Task An_event_naming_a_conversation_it_does_not_belong_to_is_dropped()
    {
        var c = await api.Http.CreatedConversation("+447400950001", "+447400950002");
        var forged = """{"uuid":"x","status":"completed","from":"447400999998","to":"447400999999"}""";
        (await api.Http.PostAsync($"/webhooks/event?conversation={c.Str("id")}", Body(forged))).Dispose();
        var trail = await api.Http.GetFromJsonAsync<JsonElement>($"/conversations/{c.Str("id")}/events");
        Assert.DoesNotContain(trail.EnumerateArray(), e => e.Str("type") == "call_event_recorded");
    }

    static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
