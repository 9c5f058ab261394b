using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using VoiceProxy.Core.Conversations;
using Weasel.Core;

namespace VoiceProxy.Web.Infrastructure.Persistence;

public static class MartenSetup
{
    public const string Schema = "voice_proxy";


    /// <param name="autoCreate">The service uses None outside Development, so nothing creates
    /// tables lazily mid-request: the whole schema is applied once, at start-up.</param>
    public static void Configure(StoreOptions o, string connection, AutoCreate autoCreate)
    {
        o.Connection(connection);
        o.DatabaseSchemaName = Schema;
        o.AutoCreateSchemaObjects = autoCreate;
        o.UseSystemTextJsonForSerialization(EnumStorage.AsString,
            configure: json =>
            {
                json.Converters.Add(new PhoneNumberJsonConverter());
                json.Converters.Add(new SetOfStringJsonConverter());
                json.Converters.Add(new CallStatusJsonConverter());
                // Ahead of Marten's own enum-as-string converter, which would write "Inbound".
                json.Converters.Insert(0, new CallDirectionJsonConverter());
            });
        o.Projections.Add(new ConversationProjection(), ProjectionLifecycle.Inline);
        o.Projections.Add(new ProxyRouteProjection(), ProjectionLifecycle.Inline);
        o.Schema.For<ProxyRoute>().Index(r => r.ConversationId).Index(r => r.Caller).Index(r => r.Dialed);
        // The sweeper's query: active conversations past their expiry.
        o.Schema.For<Conversation>().Index(c => c.ExpiresAt).Index(c => c.Reference!)
            // The text retries' query: texts waiting to be sent again, due now. Columns of their own,
            // not expressions over the JSON: ANALYZE keeps statistics on a column (nearly all null),
            // so the planner knows the query finds a handful and takes the index; over an expression
            // whose partial index is empty it guessed a third of the table and scanned all of it
            // (5 s a look at 1M conversations, every second: found by the harness). Partial: almost no
            // conversation has one, so the indexes stay a few rows and cost the others' writes nothing.
            .Duplicate(c => c.TextWaitA!.Due, configure: i => i.Predicate = $"{TextDueColumns[0]} is not null")
            .Duplicate(c => c.TextWaitB!.Due, configure: i => i.Predicate = $"{TextDueColumns[1]} is not null")
            // The retention sweep's query: ended before the cutoff, personal data still kept. A column
            // for the same reason; an erased conversation's is null, so the sweep never reads it again.
            .Duplicate(c => c.ErasableAfter!);
        // Registered so start-up creates their tables, not the first request.
        o.Schema.For<EndedRoute>();
        o.Schema.For<PairRecord>();
        o.Schema.For<PoolNumber>();
        o.Schema.For<SandboxMessage>();
        o.Schema.For<StoredIdempotencyKey>().Index(k => k.At);
        o.Schema.For<StoredProvisioning>();
        o.Schema.For<UndatedConversations.Mark>();
        o.Schema.For<Core.Callbacks.CallbackDelivery>().Index(d => d.ConversationId).Index(d => d.State);
        MapEvents(o);
        MaskPersonalData(o);
        // Reads are retried once, at once, on a transient failure (a pooled connection a restart
        // killed), but never after a timeout: a stalled database would double the 3 s command
        // bound before the REST API could say 503.
        o.ConfigurePolly(retry => Polly.RetryResiliencePipelineBuilderExtensions.AddRetry(retry, new Polly.Retry.RetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.Zero,
            ShouldHandle = new Polly.PredicateBuilder().Handle<Npgsql.NpgsqlException>(e =>
                e.IsTransient && e.InnerException is not (TimeoutException or OperationCanceledException)),
        }));
    }

    /// <summary>
    /// The columns saying when A's and B's text is due again (null: none waits), as Marten names the
    /// duplicated <c>TextWaitA.Due</c> and <c>TextWaitB.Due</c>.
    /// </summary>
    public static readonly string[] TextDueColumns = ["text_wait_a_due", "text_wait_b_due"];

    // How PersonalDataErasure rewrites a stream's stored events: the core's Erasure, for each
    // event that can hold personal data (the others it leaves as they are).
    static void MaskPersonalData(StoreOptions o)
    {
        Mask<ConversationEvent.Opened>(o);
        Mask<ConversationEvent.ParticipantReplaced>(o);
        Mask<ConversationEvent.CallEventRecorded>(o);
        Mask<ConversationEvent.MessageRelayed>(o);
    }

    static void Mask<T>(StoreOptions o) where T : ConversationEvent =>
        o.Events.AddMaskingRuleForProtectedInformation<T>(e => (T)Erasure.Of(e));

    // Stable names in the event store (Core keeps them), so renaming a C# type never orphans stored events.
    static void MapEvents(StoreOptions o)
    {
        foreach (var (type, name) in EventNames.All) o.Events.MapEventType(type, name);
    }
}
