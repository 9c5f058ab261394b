using Carter;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using VoiceProxy.Web.Features.Callbacks;
using VoiceProxy.Web.Features.Conversations;
using VoiceProxy.Web.Features.Webhooks;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>The composition root's parts, so Program.cs reads as the list it is.</summary>
public static class ServiceRegistration
{
    public static void AddVoiceProxy(this WebApplicationBuilder builder)
    {
        ThreadPoolFloor.Apply(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<VoiceProxyOptions>().BindConfiguration(VoiceProxyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PoolOptions>().BindConfiguration(PoolOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExpiryOptions>().BindConfiguration(ExpiryOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CallsFirstOptions>().BindConfiguration(CallsFirstOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallsFirst>();
        // Events and the conversation state hold PhoneNumbers and Sets; the audit trail shows them as stored.
        services.ConfigureHttpJsonOptions(o =>
        {
            // {"userA": x, "userA": y}: which one was meant cannot be known; 400 rather than a guess.
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new PhoneNumberJsonConverter());
            o.SerializerOptions.Converters.Add(new SetOfStringJsonConverter());
            o.SerializerOptions.Converters.Add(new CallStatusJsonConverter());
            o.SerializerOptions.Converters.Add(new CallDirectionJsonConverter());
        });
        // The store is built when first needed, so a test host's settings are already in place.
        // Marten applies the schema at start-up under its advisory lock, before anything serves;
        // the triggers follow it, and the services below need both.
        // The async daemon delivers side effects from the event store (TextParticipants); HotCold:
        // one instance of several runs it, another takes over when that one goes.
        services.AddMarten(sp => StoreOptionsFor(sp)).UseLightweightSessions().ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold);
        services.AddTransient<TextDelivery>();
        services.AddHostedService<TextRetries>();
        AddCallbacks(services);
        services.AddHostedService<ChangeTriggers>();
        services.AddOptions<RouteCacheOptions>().BindConfiguration("VoiceProxy:RouteCache")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RouteCache>().AddSingleton<RouteLoader>().AddSingleton<PoolCache>();
        services.AddHostedService<ChangeListener>();
        services.AddSingleton<ConversationStore>().AddSingleton<IdempotencyKeys>();
        services.AddScoped<NumberPool>().AddScoped<RouteLookup>().AddScoped<ConversationQueries>();
        services.AddScoped<PoolChanges>();
        services.AddScoped<CreateConversation>().AddScoped<ReplaceParticipantWorkflow>();
        services.AddScoped<AnswerCall>().AddScoped<RecordCallEvent>().AddScoped<RelayText>();
        services.AddScoped<WebhookDeadline>();
        services.AddSingleton<OutOfSessionCallback>().AddSingleton<InterceptCallback>().AddSingleton<Features.Webhooks.OpenForStranger>();
        services.AddOptions<InterceptOptions>().BindConfiguration(InterceptOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        AddVonage(services);
        services.AddHostedService<SandboxPool>();
        services.AddSingleton<ExpirySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        services.AddSingleton<PersonalDataErasure>().AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().BindConfiguration(VoiceProxyOptions.Section);
        ApiKeyAuthentication.AddTo(services);
        RateLimits.AddTo(services);
        services.AddHostedService<ProductionGuard>();
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>()
            .Configure<IOptions<VoiceProxyOptions>>((o, settings) => TrustedProxy.Configure(o, settings.Value));
        AddOperations(builder);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Every feature's module: one per use case (Features/<Area>/<UseCase>.cs).
        services.AddCarter(configurator: c => c.WithModules(typeof(ServiceRegistration).Assembly.GetTypes()
            .Where(t => t.IsAssignableTo(typeof(ICarterModule)) && !t.IsAbstract).ToArray()));
    }

    // Health, metrics, OpenAPI, logs and request limits: what the people running it need.
    static void AddOperations(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHealthChecks()
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("Up."), ["live"])
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<RoutesLoadedHealthCheck>("routes", tags: ["ready"])
            .AddCheck<WarmupHealthCheck>("warmup", tags: ["ready"])
            .AddCheck<VonageHealthCheck>("vonage", tags: ["ready"]);
        services.AddSingleton<WarmupMark>();
        services.AddSingleton<AnswerWarmup>().AddHostedService(sp => sp.GetRequiredService<AnswerWarmup>());
        services.AddSingleton<DatabaseGauges>().AddHostedService(sp => sp.GetRequiredService<DatabaseGauges>());
        services.AddSingleton<VoiceProxyMetrics>();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(VoiceProxyMetrics.MeterName).AddAspNetCoreInstrumentation()
            // The answer path is sub-millisecond to tens of ms; the default buckets (0–10000) suit ms, not s.
            .AddView("voiceproxy.answer.duration", new ExplicitBucketHistogramConfiguration
            {
                Boundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            })
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.AddOpenApi(OpenApiDocumentation.Configure);
        // Nothing we accept is large; a bigger body is a mistake or an attack (413).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.ClearProviders();
        // Every logger the container hands out goes through the redaction (docs/architecture.md, invariant 3).
        services.AddSingleton<LoggerFactory>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(sp.GetRequiredService<LoggerFactory>())));
        if (builder.Environment.IsProduction())
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true); // scopes carry the trace id
        else
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
    }

    public const long MaxBodyBytes = 64 * 1024;

    static StoreOptions StoreOptionsFor(IServiceProvider sp)
    {
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoiceProxy.Database");
        var connection = PostgresConnection.Resolve(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>(), log);
        var options = new StoreOptions();
        MartenSetup.Configure(options, connection,
            sp.GetRequiredService<IHostEnvironment>().IsDevelopment() ? AutoCreate.CreateOrUpdate : AutoCreate.None);
        // A commit wakes the daemon (NOTIFY) instead of its next poll: the set-up texts go out
        // within milliseconds of the 201, not up to a second later.
        options.Events.UseListenNotifyForEventAppends = true;
        // Two writers racing for one stream (a webhook and a text, say) cost the loser a rolled-back
        // append, and its sequence number leaves a gap the daemon waits out before moving on: 3 s
        // by default, during which no text and no callback goes out. Marten skips a gap only when no
        // live transaction could still fill it, so a short wait loses nothing.
        options.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(250);
        options.Projections.Subscribe(new TextParticipants(() => sp.GetRequiredService<TextDelivery>(), sp.GetRequiredService<CallsFirst>()), o =>
        {
            o.Name = TextParticipants.SubscriptionName;
            o.IncludeType<Core.Conversations.ConversationEvent.Opened>();
            o.IncludeType<Core.Conversations.ConversationEvent.ParticipantReplaced>();
            o.IncludeType<Core.Conversations.ConversationEvent.TextRequested>();
        });
        options.Projections.Subscribe(new QueueCallbacks(() => sp.GetRequiredService<IOptions<CallbackOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CallsFirst>()), o => o.Name = QueueCallbacks.SubscriptionName);
        return options;
    }

    // Callbacks to the backend: queued from the event store, sent apart from every request.
    static void AddCallbacks(IServiceCollection services)
    {
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        // No redirects: a callback goes where the backend said, and nowhere a response points.
        services.AddHttpClient(CallbackSender.HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own bound
                c.DefaultRequestHeaders.UserAgent.ParseAdd("VoiceProxy-Callbacks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddHostedService<CallbackSender>();
    }

    // Live when Vonage:ApiKey is set, else the sandbox; decided when first resolved, so a test
    // host's settings are already in place.
    static void AddVonage(IServiceCollection services)
    {
        services.AddOptions<VonageOptions>().BindConfiguration(VonageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<VonageHttp>().AddVonageResilience();
        services.AddTransient<NumbersClient>().AddTransient<NumberInsightClient>().AddTransient<SmsClient>();
        services.AddTransient<VonageNumberProvider>();
        services.AddSingleton<WebhookSignature>().AddSingleton<ReplayGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplayGuard>());
        services.AddSingleton<SmsSignature>().AddSingleton<SmsReceiptRecorder>().AddSingleton<SmsPace>();
        services.AddHttpClient(Features.Sandbox.SandboxCallPlayer.HttpClientName);
        services.AddTransient<Features.Sandbox.SandboxCallPlayer>();
        // VoiceProxy:Sandbox:DeliveryReceipts=false: the sandbox's carrier stays silent, as a live one may.
        services.AddSingleton(sp => new SandboxSmsSender(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CallsFirst>(),
            sp.GetRequiredService<IConfiguration>().GetValue("VoiceProxy:Sandbox:DeliveryReceipts", true)
                ? () => sp.GetRequiredService<SmsReceiptRecorder>()
                : null));
        services.AddSingleton<SandboxNumberProvider>().AddSingleton<LocalNumberInsight>();
        services.AddTransient<ISmsSender>(sp => Live(sp) ? sp.GetRequiredService<SmsClient>() : sp.GetRequiredService<SandboxSmsSender>());
        services.AddTransient<INumberProvider>(sp =>
            Live(sp) ? sp.GetRequiredService<VonageNumberProvider>() : sp.GetRequiredService<SandboxNumberProvider>());
        services.AddTransient<INumberInsight>(sp =>
            Live(sp) ? sp.GetRequiredService<NumberInsightClient>() : sp.GetRequiredService<LocalNumberInsight>());
    }

    static bool Live(IServiceProvider sp) => sp.GetRequiredService<IOptions<VonageOptions>>().Value.IsLive;
}
