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
            // The text retries' query: texts waiting to be sent again, due now. Partial: almost no
            // conversation has one, so the indexes stay a few rows and cost the others' writes nothing.
            .Index(c => c.TextWaitA!.Due, i => i.Predicate = TextDue("TextWaitA"))
            .Index(c => c.TextWaitB!.Due, i => i.Predicate = TextDue("TextWaitB"));
        // Registered so start-up creates their tables, not the first request.
        o.Schema.For<EndedRoute>();
        o.Schema.For<PairRecord>();
        o.Schema.For<PoolNumber>();
        o.Schema.For<SandboxMessage>();
        o.Schema.For<StoredIdempotencyKey>().Index(k => k.At);
        o.Schema.For<StoredProvisioning>();
        o.Schema.For<Core.Callbacks.CallbackDelivery>().Index(d => d.ConversationId).Index(d => d.State);
        MapEvents(o);
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
    /// A conversation's text waits to be sent again: the partial indexes' predicate, on the indexed
    /// expression itself, so the planner sees that a query comparing it implies the predicate.
    /// </summary>
    public static string TextDue(string wait) => $"{Schema}.mt_immutable_timestamptz(data -> '{wait}' ->> 'Due') is not null";

    // Stable names in the event store (Core keeps them), so renaming a C# type never orphans stored events.
    static void MapEvents(StoreOptions o)
    {
        foreach (var (type, name) in EventNames.All) o.Events.MapEventType(type, name);
    }
}
