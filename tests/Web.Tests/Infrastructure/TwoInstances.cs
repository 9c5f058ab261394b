using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// Two instances of the service on one database, both listening for the database's change
/// notifications, for tests of what one instance's caches learn of the other's writes.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    /// <summary>How long a change may take to reach the other instance: milliseconds in
    /// practice; generous so a loaded CI machine cannot make a test flaky.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    TwoInstances(string database, VoiceProxyApp first, VoiceProxyApp second)
    {
        (Database, First, Second) = (database, first, second);
        (One, Two) = (first.CreateClient(), second.CreateClient());
    }

    public string Database { get; }
    public VoiceProxyApp First { get; }
    public VoiceProxyApp Second { get; }
    public HttpClient One { get; }
    public HttpClient Two { get; }

    public static async Task<TwoInstances> Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await TestPostgres.CreateDatabase();
        var (first, second) = (new VoiceProxyApp(database, settings), new VoiceProxyApp(database, settings));
        first.StartServer();
        second.StartServer();
        var both = new TwoInstances(database, first, second);
        foreach (var app in new[] { first, second })
            await Until(() => ListeningAndLoaded(app) && app.Services.GetRequiredService<PoolCache>().IsListening,
                "the database change listener never started");
        return both;
    }

    /// <summary>
    /// Hearing the database's notifications, with its first load of the routes done: from here a
    /// conversation created is not in its memory until its first call (the load cannot race it).
    /// </summary>
    public static bool ListeningAndLoaded(VoiceProxyApp app) =>
        app.Services.GetRequiredService<RouteCache>() is { IsListening: true, Loaded: true };

    /// <summary>
    /// Polls until the instance says it is ready: once its routes are loaded and its answer path
    /// has run, soon after it starts but not at once.
    /// </summary>
    public static Task UntilReady(HttpClient http) =>
        Until(async () =>
        {
            using var ready = await http.GetAsync("/health/ready");
            return ready.StatusCode == System.Net.HttpStatusCode.OK;
        }, "the instance never became ready", TimeSpan.FromSeconds(10));

    /// <summary>Polls until the condition holds, failing after <paramref name="bound"/> (default <see cref="Bound"/>).</summary>
    public static async Task Until(Func<Task<bool>> condition, string failure, TimeSpan? bound = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < (bound ?? Bound), failure);
            await Task.Delay(10);
        }
    }

    public static Task Until(Func<bool> condition, string failure, TimeSpan? bound = null) =>
        Until(() => Task.FromResult(condition()), failure, bound);

    public async ValueTask DisposeAsync()
    {
        One.Dispose();
        Two.Dispose();
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
