using System.Diagnostics.Metrics;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// The service's own metrics (meter "VoiceProxy"), exported by OpenTelemetry at /metrics.
/// Counted where each thing happens: the answer workflow, the conversation store (the only
/// write path), the SMS step, the Vonage HTTP helper; the database's gauges from <see cref="DatabaseGauges"/>.
/// </summary>
public sealed class VoiceProxyMetrics : IDisposable
{
    public const string MeterName = "VoiceProxy";
    readonly Meter meter;
    readonly Counter<long> calls, conversations, sms, vonageCalls;
    readonly Histogram<double> answerSeconds;

    // From the container's IMeterFactory, not `new Meter`: meters are process-wide, and two hosts
    // in one process (tests, or any in-process embedding) must not share or clash instruments.
    public VoiceProxyMetrics(IMeterFactory meters, DatabaseGauges gauges, CallsFirst callsFirst, Vonage.SmsPace pace)
    {
        meter = meters.Create(MeterName);
        calls = meter.CreateCounter<long>("voiceproxy.calls.answered", description: "Answer webhook calls by outcome and refusal reason");
        answerSeconds = meter.CreateHistogram<double>("voiceproxy.answer.duration", unit: "s",
            description: "Time to produce the answer webhook's NCCO");
        conversations = meter.CreateCounter<long>("voiceproxy.conversations", description: "Conversations created, closed and expired");
        sms = meter.CreateCounter<long>("voiceproxy.sms", description: "SMS tries: sent, not sent (tried again) or failed");
        vonageCalls = meter.CreateCounter<long>("voiceproxy.vonage.calls", description: "Vonage API calls by operation and outcome");
        meter.CreateObservableGauge("voiceproxy.pool.size", () => gauges.Current.Size, description: "Virtual numbers in the pool");
        meter.CreateObservableGauge("voiceproxy.pool.in_use", () => gauges.Current.InUse, description: "Virtual numbers used by an active conversation");
        meter.CreateObservableGauge("voiceproxy.background.limit", () => callsFirst.Limit,
            description: "Background work allowed at once (texts, callbacks); lower while answers are slow");
        meter.CreateObservableGauge("voiceproxy.sms.paced", () => pace.Waiting,
            description: "Set-up texts waiting for their slot under Vonage:SetupTextsPerSecond");
        meter.CreateObservableGauge("voiceproxy.sms.waiting", () => gauges.Current.TextsWaiting,
            description: "Set-up texts Vonage did not take, waiting to be sent again");
        meter.CreateObservableGauge("voiceproxy.background.behind", () => new Measurement<long>[]
        {
            new(gauges.Current.TextsBehind, new KeyValuePair<string, object?>("work", "setup_texts")),
            new(gauges.Current.CallbacksBehind, new KeyValuePair<string, object?>("work", "callbacks")),
        }, unit: "{event}", description: "Events appended that the set-up texts or the callbacks have not read yet");
    }

    public void CallAnswered(string outcome, string reason, double seconds)
    {
        calls.Add(1, new("outcome", outcome), new("reason", reason));
        answerSeconds.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Conversation(string @event) => conversations.Add(1, new KeyValuePair<string, object?>("event", @event));

    /// <param name="outcome">sent; not_sent (the provider certainly did not take it: tried again); failed.</param>
    public void Sms(string outcome) => sms.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void VonageCall(string operation, string outcome) =>
        vonageCalls.Add(1, new("operation", operation), new("outcome", outcome));

    public void Dispose() => meter.Dispose();
}
