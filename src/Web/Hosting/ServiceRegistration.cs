using Carter;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Conversations;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Modules;
using VoiceProxy.Web.Numbers;
using VoiceProxy.Web.Persistence;
using VoiceProxy.Web.Vonage;

namespace VoiceProxy.Web.Hosting;

/// <summary>The composition root's parts, so Program.cs reads as the list it is.</summary>
public static class ServiceRegistration
{
    public static void AddVoiceProxy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<VoiceProxyOptions>().BindConfiguration(VoiceProxyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PoolOptions>().BindConfiguration(PoolOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExpiryOptions>().BindConfiguration(ExpiryOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // Events and the conversation state hold PhoneNumbers and Sets; the audit trail shows them as stored.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new PhoneNumberJsonConverter());
            o.SerializerOptions.Converters.Add(new SetOfStringJsonConverter());
        });
        // The store is built when first needed, so a test host's settings are already in place.
        services.AddMarten(sp => StoreOptionsFor(sp)).UseLightweightSessions();
        services.AddHostedService<DatabaseSchema>(); // first: the services below need the tables
        services.AddSingleton<ConversationStore>();
        services.AddScoped<NumberPool>().AddScoped<RouteLookup>().AddScoped<ConversationQueries>();
        services.AddScoped<ManagePool>();
        services.AddScoped<CreateConversation>().AddScoped<AnswerCall>().AddScoped<RecordCallEvent>();
        AddVonage(services);
        services.AddHostedService<SandboxPool>();
        services.AddSingleton<ExpirySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        services.AddOptions<ApiKeyOptions>().BindConfiguration(VoiceProxyOptions.Section);
        services.AddHostedService<ApiKeyGuard>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddCarter(configurator: c => c
            .WithModule<ConversationsModule>().WithModule<NumbersModule>()
            .WithModule<WebhooksModule>().WithModule<SandboxModule>());
    }

    static StoreOptions StoreOptionsFor(IServiceProvider sp)
    {
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("VoiceProxy.Database");
        var connection = PostgresConnection.Resolve(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>(), log);
        var options = new StoreOptions();
        MartenSetup.Configure(options, connection);
        return options;
    }

    // Live when Vonage:ApiKey is set, else the sandbox; decided when first resolved, so a test
    // host's settings are already in place.
    static void AddVonage(IServiceCollection services)
    {
        services.AddOptions<VonageOptions>().BindConfiguration(VonageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<VonageHttp>();
        services.AddTransient<NumbersClient>().AddTransient<NumberInsightClient>().AddTransient<SmsClient>();
        services.AddTransient<VonageNumberProvider>().AddSingleton<VoiceJwt>();
        services.AddSingleton<WebhookSignature>();
        services.AddSingleton<SandboxSmsSender>().AddSingleton<SandboxNumberProvider>().AddSingleton<LocalNumberInsight>();
        services.AddTransient<ISmsSender>(sp => Live(sp) ? sp.GetRequiredService<SmsClient>() : sp.GetRequiredService<SandboxSmsSender>());
        services.AddTransient<INumberProvider>(sp =>
            Live(sp) ? sp.GetRequiredService<VonageNumberProvider>() : sp.GetRequiredService<SandboxNumberProvider>());
        services.AddTransient<INumberInsight>(sp =>
            Live(sp) ? sp.GetRequiredService<NumberInsightClient>() : sp.GetRequiredService<LocalNumberInsight>());
    }

    static bool Live(IServiceProvider sp) => sp.GetRequiredService<IOptions<VonageOptions>>().Value.IsLive;
}
