using System.Collections.Concurrent;

namespace VoiceProxy.Web.Tests;

/// <summary>What one phase of the fault run saw, request by request.</summary>
public sealed class FaultPhase(string name)
{
    public const string Header =
        "| fault | requests | webhook answers within budget | 5xx | REST hangs | calls wrongly connected | conversations lost / half-made | SMS lost / doubled | call events lost |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    int requests, webhooks, withinBudget, fiveXx, hangs, wrong;
    double slowestWebhookMs, slowestApiMs;
    readonly ConcurrentDictionary<string, int> outcomes = new();

    public string Name { get; } = name;
    public ConcurrentBag<Guid> AcknowledgedIds { get; } = [];
    public ConcurrentBag<Guid> ClosedIds { get; } = [];
    public ConcurrentBag<(Guid Conversation, string Uuid)> StoredEvents { get; } = [];
    public int Lost { get; set; }
    public int HalfMade { get; set; }
    public int SmsLost { get; set; }
    public int SmsDoubled { get; set; }
    public int EventsLost { get; set; }

    public void Webhook(bool answered, int status, TimeSpan took)
    {
        Interlocked.Increment(ref requests);
        Interlocked.Increment(ref webhooks);
        if (answered) Interlocked.Increment(ref withinBudget);
        if (status >= 500 && status != 503) Interlocked.Increment(ref fiveXx);
        Slowest(ref slowestWebhookMs, took);
        Count(status == 0 ? "webhook: no answer" : $"webhook {status}");
    }

    /// <summary>A REST answer: 503 with Retry-After is the honest "not now"; any other 5xx, or none in time, is a fault of ours.</summary>
    public void Api(int status, bool retryAfter, TimeSpan took)
    {
        Interlocked.Increment(ref requests);
        if (status >= 500 && !(status == 503 && retryAfter)) Interlocked.Increment(ref fiveXx);
        if (status == 0 || took > FaultsUnderLoadTests.ApiBudget) Interlocked.Increment(ref hangs);
        Slowest(ref slowestApiMs, took);
        Count(status == 0 ? "REST: no answer" : $"REST {status}");
    }

    public void Acknowledged(Guid id) => AcknowledgedIds.Add(id);

    public void Closed(Guid id) => ClosedIds.Add(id);

    public void EventStored(Guid conversation, string uuid) => StoredEvents.Add((conversation, uuid));

    public void WronglyConnected() => Interlocked.Increment(ref wrong);

    public void Count(string outcome) => outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    static void Slowest(ref double slowest, TimeSpan took)
    {
        var ms = took.TotalMilliseconds;
        double seen;
        while (ms > (seen = Volatile.Read(ref slowest)) && Interlocked.CompareExchange(ref slowest, ms, seen) != seen) { }
    }

    public bool Clean =>
        withinBudget == webhooks && fiveXx == 0 && hangs == 0 && wrong == 0 && Lost == 0 && HalfMade == 0
        && SmsLost == 0 && SmsDoubled == 0 && EventsLost == 0;

    public string Row() =>
        $"| {Name} | {requests} | {withinBudget} of {webhooks} | {fiveXx} | {hangs} | {wrong} | {Lost} / {HalfMade} | " +
        $"{SmsLost} / {SmsDoubled} | {EventsLost} |";

    public string Details() =>
        $"{AcknowledgedIds.Count} creations acknowledged, {ClosedIds.Count} closes acknowledged, {StoredEvents.Count} events stored; " +
        $"slowest webhook {slowestWebhookMs:F0} ms, slowest REST {slowestApiMs:F0} ms; " +
        string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));
}
