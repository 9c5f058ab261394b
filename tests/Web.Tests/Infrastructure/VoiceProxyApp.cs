using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>The real app on real Kestrel (a loopback port), against a database of its own.</summary>
public sealed class VoiceProxyApp : WebApplicationFactory<Program>
{
    readonly string connection;
    readonly IReadOnlyDictionary<string, string?> settings;
    readonly TimeProvider? clock;
    readonly string environment;

    /// <summary>
    /// Production with every safety check opted out of, for tests about something else: no API
    /// keys, unsigned webhooks, and the public URL the eventUrls must name.
    /// </summary>
    public static Dictionary<string, string?> OpenProduction(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["VoiceProxy:AllowAnonymousApi"] = "true",
            ["VoiceProxy:AllowUnsignedWebhooks"] = "true",
            ["VoiceProxy:PublicBaseUrl"] = PublicBaseUrl,
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public const string PublicBaseUrl = "https://proxy.example.com";

    /// <summary>Every record the app logged at Debug or above (the levels its configuration lets through).</summary>
    public FakeLogCollector Logs { get; } = new();

    public VoiceProxyApp(string connection, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null, string environment = "Development")
    {
        this.connection = connection;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.clock = clock;
        this.environment = environment;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Postgres", connection);
        // The suite sends hundreds of requests a second through one client; RateLimitTests sets its own.
        builder.UseSetting("VoiceProxy:RateLimits:ApiPerSecond", "0");
        builder.UseSetting("Logging:LogLevel:VoiceProxy", "Debug");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (clock is not null) builder.ConfigureTestServices(s => s.AddSingleton(clock));
        builder.ConfigureLogging(l => l.AddProvider(new FakeLoggerProvider(Logs)));
    }

    /// <summary>
    /// Collects one of the service's instruments from this app's own meter (its IMeterFactory), so
    /// no other test host in the process can disturb the count, as they can a /metrics scrape.
    /// </summary>
    public MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(Services.GetRequiredService<IMeterFactory>(), VoiceProxy.Web.Infrastructure.Hosting.VoiceProxyMetrics.MeterName, instrument);

    /// <summary>No log line of any test's app holds an unmasked phone number (docs/architecture.md, invariant 3).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var unmasked = Logs.Unmasked().Take(3).ToList();
        Assert.True(unmasked.Count == 0, "a log line holds an unmasked number:\n" + string.Join("\n", unmasked));
    }
}
