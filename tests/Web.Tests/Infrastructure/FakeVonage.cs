using System.Collections.Specialized;
using System.Text;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Vonage;
using WireMock.Logging;
using WireMock.Server;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>A fake Vonage at the HTTP level (WireMock, in process), and clients pointed at it.</summary>
public sealed class FakeVonage : IDisposable
{
    public const string Key = "test-key";
    public const string Secret = "test-secret";
    public const string AppId = "app-123";

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Urls[0];

    public VonageOptions Options => OptionsAt(Url);

    static VonageOptions OptionsAt(string url) => new()
    {
        ApiKey = Key,
        ApiSecret = Secret,
        ApplicationId = AppId,
        RestBaseUrl = url,
        ApiBaseUrl = url,
        TimeoutSeconds = 15, // generous: under parallel test start-up a short timeout would cause retries the tests do not expect
    };

    // The service's own HttpClient pipeline: retries and timeouts as in production.
    VonageHttp Http(VonageOptions? options = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(Microsoft.Extensions.Options.Options.Create(options ?? Options));
        services.AddHttpClient<VonageHttp>().AddVonageResilience();
        return services.BuildServiceProvider().GetRequiredService<VonageHttp>();
    }

    public NumbersClient Numbers() => new(Http(), Microsoft.Extensions.Options.Options.Create(Options));

    public NumberInsightClient Insight() => new(Http(), Microsoft.Extensions.Options.Options.Create(Options));

    public SmsClient Sms() => new(Http(), Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>An SMS client pointed at <paramref name="url"/> instead: somewhere Vonage is not.</summary>
    public SmsClient SmsAt(string url) => new(Http(OptionsAt(url)), Microsoft.Extensions.Options.Options.Create(OptionsAt(url)));

    public IReadOnlyList<ILogEntry> Requests(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage!.Path == path).ToList();

    public static NameValueCollection Form(ILogEntry e) => HttpUtility.ParseQueryString(e.RequestMessage!.Body ?? "");

    public static string? Query(ILogEntry e, string name) =>
        e.RequestMessage!.Query?.TryGetValue(name, out var values) == true ? string.Join(",", values) : null; // WireMock splits on commas

    public static string? Header(ILogEntry e, string name) =>
        e.RequestMessage!.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static string BasicAuth => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}"));

    /// <summary>Every request the test's clients sent kept Vonage's own contract (<see cref="Vonage.VonageContract"/>).</summary>
    public void Dispose()
    {
        var broken = Server.LogEntries.SelectMany(Vonage.VonageContract.Violations).ToList();
        Server.Stop();
        Assert.True(broken.Count == 0, "a request broke Vonage's documented contract:\n" + string.Join("\n", broken));
    }
}
