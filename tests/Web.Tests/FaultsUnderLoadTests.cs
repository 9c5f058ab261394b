using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JasperFx;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Features.Sandbox;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The operator's bad day, under steady load: signed answer webhooks for cached callers and for
/// strangers, call events, creations, and closes each followed at once by a call, all running
/// while PostgreSQL is stopped, frozen (SIGSTOP) and restarted under the service (a real process).
/// Every request is counted and judged; the table it prints is docs/reliability.md's. The service
/// killed mid-creation is <see cref="CrashTests"/>. Fails on any answer webhook outside 200 + NCCO
/// within budget, any 5xx, any REST hang, and any call, conversation, text or event lost.
/// </summary>
[Trait("Category", "Faults"), Collection(RunsAlone.Name)]
public sealed class FaultsUnderLoadTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    const string Secret = "fault-harness-signature-secret-0123456789";

    /// <summary>The answer webhook's budget (the issue's 2 s; Vonage gives 5 s, then drops the call).</summary>
    static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The REST API's, when the database does not answer: the 3 s command timeout, then Npgsql's
    /// cancel request, which opens a connection of its own and waits up to the 2 s connect timeout
    /// for a frozen server, then what the request did before the freeze and a loaded machine's
    /// slack. Past it a request counts as hung.
    /// </summary>
    public static readonly TimeSpan ApiBudget = TimeSpan.FromSeconds(7);

    readonly OwnPostgres server = new();
    readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(20) };
    readonly ConcurrentBag<Task> inFlight = [];
    volatile FaultPhase phase = new("baseline");
    int numbers;

    [Fact]
    public async Task Steady_load_through_a_stopped_a_frozen_and_a_restarted_database_loses_nothing()
    {
        await using var service = await ServiceProcess.Start(server.ConnectionString,
            new Dictionary<string, string>
            {
                ["Vonage:SignatureSecret"] = Secret,
                // A second of the 2 s for the database, the other for this machine's two cores,
                // which the harness shares with the service and PostgreSQL (the default is 1.5 s).
                ["VoiceProxy:WebhookBudgetMilliseconds"] = "1000",
            });
        http.BaseAddress = service.Http.BaseAddress;
        var callable = await Conversations(20);
        var closable = new ConcurrentQueue<JsonElement>(await Conversations(60));
        foreach (var c in callable.Concat(closable)) await Call(c, judge: false); // in the route cache now

        var phases = new List<FaultPhase>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(
            Every(TimeSpan.FromMilliseconds(20), () => Call(callable[Random.Shared.Next(callable.Count)]), stop.Token),
            Every(TimeSpan.FromMilliseconds(100), Stranger, stop.Token),
            Every(TimeSpan.FromMilliseconds(100), () => Event(callable[Random.Shared.Next(callable.Count)]), stop.Token),
            Every(TimeSpan.FromMilliseconds(200), Create, stop.Token),
            Every(TimeSpan.FromMilliseconds(500), () => Close(closable), stop.Token));

        async Task Phase(string name, Action fault, TimeSpan lasting, Action recover)
        {
            phases.Add(phase = new FaultPhase(name));
            fault();
            await Task.Delay(lasting);
            recover();
            await Task.Delay(TimeSpan.FromSeconds(4)); // recovering counts too: dead pooled connections, a re-listening cache
        }

        await Phase("baseline (no fault)", () => { }, TimeSpan.Zero, () => { });
        await Phase("PostgreSQL stopped for 6 s", server.Stop, TimeSpan.FromSeconds(6), server.Start);
        await Phase("PostgreSQL frozen (SIGSTOP) for 6 s", server.Freeze, TimeSpan.FromSeconds(6), server.Thaw);
        await Phase("PostgreSQL restarted (immediate)", () => { server.Stop(); server.Start(); }, TimeSpan.Zero, () => { });
        await stop.CancelAsync();
        await load;
        await Task.WhenAll(inFlight);

        await Verify(phases);
        output.WriteLine(FaultPhase.Header);
        foreach (var p in phases) output.WriteLine(p.Row());
        foreach (var p in phases) output.WriteLine($"{p.Name}: {p.Details()}");
        Assert.All(phases, p => Assert.True(p.Clean, $"{p.Name}: {p.Row()} ({p.Details()})"));
    }

    async Task<List<JsonElement>> Conversations(int count)
    {
        var made = new List<JsonElement>();
        for (var i = 0; i < count; i++) made.Add(await http.CreatedConversation(NextNumber(), NextNumber()));
        return made;
    }

    string NextNumber() => $"+4474009{Interlocked.Increment(ref numbers):D5}";

    static async Task Every(TimeSpan period, Func<Task> action, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) await action();
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Open loop: each request is started on the clock, whether or not the last one has answered,
    // so a stall shows as late answers instead of hiding as fewer requests.
    Task Start(Func<FaultPhase, Task> request)
    {
        var task = request(phase);
        inFlight.Add(task);
        return Task.CompletedTask;
    }

    Task Call(JsonElement c) => Start(p => Call(c, judge: true, p));

    async Task Call(JsonElement c, bool judge, FaultPhase? p = null)
    {
        var (ncco, _) = await Answer(Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")), judge ? p : null);
        if (judge) p!.Count(ncco?.Contains("\"connect\"", StringComparison.Ordinal) == true ? "known caller connected"
            : ncco?.Contains("try again", StringComparison.Ordinal) == true ? "known caller told to try again" : "known caller: other");
    }

    Task Stranger() => Start(async p =>
        await Answer($"4479111{Random.Shared.Next(10_000, 99_999)}", "447700900999", p));

    /// <summary>A signed answer webhook (POST JSON, a fresh token each time, as Vonage sends them).</summary>
    async Task<(string? Ncco, TimeSpan Took)> Answer(string from, string to, FaultPhase? p)
    {
        var body = JsonSerializer.Serialize(new { from, to, uuid = Guid.NewGuid().ToString(), conversation_uuid = "CON-" + Guid.NewGuid() });
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(Signed("/webhooks/answer", body));
            var text = await response.Content.ReadAsStringAsync();
            var answered = response.StatusCode == HttpStatusCode.OK && IsNcco(text);
            p?.Webhook(answered && clock.Elapsed < AnswerBudget, (int)response.StatusCode, clock.Elapsed);
            return (answered ? text : null, clock.Elapsed);
        }
        catch (HttpRequestException)
        {
            p?.Webhook(false, 0, clock.Elapsed);
            return (null, clock.Elapsed);
        }
    }

    static bool IsNcco(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Array && json.RootElement.GetArrayLength() > 0
                && json.RootElement.EnumerateArray().All(a => a.TryGetProperty("action", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static HttpRequestMessage Signed(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            VonageSigner.Token(Encoding.UTF8.GetBytes(body), Secret, DateTimeOffset.UtcNow));
        return request;
    }

    /// <summary>A leg's status, as Vonage posts it; a 204 says it is stored, anything else that Vonage must send it again.</summary>
    Task Event(JsonElement c) => Start(async p =>
    {
        var uuid = $"leg-{Guid.NewGuid():N}";
        var body = JsonSerializer.Serialize(new
        {
            uuid,
            status = "started",
            direction = "inbound",
            conversation_uuid = "CON-" + uuid,
            from = Digits(c.Str("userA", "number")),
            to = Digits(c.Str("userB", "virtualNumber")),
        });
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(Signed("/webhooks/event", body));
            p.Webhook(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.ServiceUnavailable && clock.Elapsed < AnswerBudget,
                (int)response.StatusCode, clock.Elapsed);
            if (response.StatusCode == HttpStatusCode.NoContent) p.EventStored(Guid.Parse(c.Str("id")), uuid);
        }
        catch (HttpRequestException)
        {
            p.Webhook(false, 0, clock.Elapsed);
        }
    });

    Task Create() => Start(async p =>
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.PostAsJsonAsync("/conversations", new { userA = NextNumber(), userB = NextNumber() });
            p.Api((int)response.StatusCode, response.Headers.RetryAfter is not null, clock.Elapsed);
            if (response.StatusCode == HttpStatusCode.Created) p.Acknowledged(Guid.Parse((await Json(response)).Str("id")));
        }
        catch (HttpRequestException)
        {
            p.Api(0, false, clock.Elapsed);
        }
    });

    /// <summary>Closes one, and calls it at once: once the close has answered 200, no call may connect.</summary>
    Task Close(ConcurrentQueue<JsonElement> closable) => Start(async p =>
    {
        if (!closable.TryDequeue(out var c)) return;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.DeleteAsync($"/conversations/{c.Str("id")}");
            p.Api((int)response.StatusCode, response.Headers.RetryAfter is not null, clock.Elapsed);
            if (response.StatusCode != HttpStatusCode.OK) return;
            p.Closed(Guid.Parse(c.Str("id")));
            for (var i = 0; i < 3; i++)
            {
                var (ncco, _) = await Answer(Digits(c.Str("userA", "number")), Digits(c.Str("userB", "virtualNumber")), p);
                if (ncco?.Contains("\"connect\"", StringComparison.Ordinal) == true) p.WronglyConnected();
            }
        }
        catch (HttpRequestException)
        {
            p.Api(0, false, clock.Elapsed);
        }
    });

    /// <summary>Once everything has settled: what every acknowledgement promised is in the database.</summary>
    async Task Verify(List<FaultPhase> phases)
    {
        using var store = DocumentStore.For(o => MartenSetup.Configure(o, server.ConnectionString, AutoCreate.None));
        // Texts still pending after a minute count as lost, below.
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(500))
        {
            await using var s = store.QuerySession();
            if (!await s.Query<Conversation>().AnyAsync(c => c.TextToA == TextOutcome.Pending || c.TextToA == TextOutcome.Sending
                    || c.TextToB == TextOutcome.Pending || c.TextToB == TextOutcome.Sending)) break;
        }
        await using var session = store.QuerySession();
        var conversations = (await session.Query<Conversation>().ToListAsync()).ToDictionary(c => c.Id);
        var routes = (await session.Query<ProxyRoute>().ToListAsync()).ToLookup(r => r.ConversationId);
        var texts = (await session.Query<SandboxMessage>().ToListAsync()).ToLookup(t => t.Reference);
        foreach (var p in phases)
        {
            foreach (var id in p.AcknowledgedIds)
            {
                if (!conversations.TryGetValue(id, out var c)) { p.Lost++; continue; }
                if (routes[id].Count() != (c.Status == ConversationStatus.Active ? 2 : 0)) p.HalfMade++;
                if (!WentOut(c.TextToA) || !WentOut(c.TextToB)) p.SmsLost++;
            }
            foreach (var id in p.ClosedIds)
                if (routes[id].Any()) p.HalfMade++;
            foreach (var (id, uuids) in p.StoredEvents.GroupBy(e => e.Conversation, e => e.Uuid).Select(g => (g.Key, g.ToHashSet())))
            {
                var recorded = (await session.Events.FetchStreamAsync(id)).Select(e => e.Data)
                    .OfType<ConversationEvent.CallEventRecorded>().Select(r => r.Call.Uuid).ToHashSet();
                p.EventsLost += uuids.Count(u => !recorded.Contains(u));
            }
        }
        var doubled = texts.Count(t => t.Count() > 1);
        phases[^1].SmsDoubled += doubled; // a double cannot be placed in time; it fails the run all the same
    }

    static bool WentOut(TextOutcome text) => text is TextOutcome.Sent or TextOutcome.Delivered;

    public void Dispose()
    {
        http.Dispose();
        server.Dispose();
    }
}
