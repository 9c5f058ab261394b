using System.Net;
using System.Text.Json;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Secure by default: Production refuses to start open by accident, naming each setting; the
/// NCCO's eventUrl is only ever on the configured host, whatever Host or X-Forwarded-* say.
/// </summary>
[Trait("Category", "Integration")]
public class ProductionSafetyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("VoiceProxy:AllowAnonymousApi", "VoiceProxy:ApiKeys")]
    [InlineData("VoiceProxy:AllowUnsignedWebhooks", "Vonage:SignatureSecret")]
    [InlineData("VoiceProxy:PublicBaseUrl", "VoiceProxy:PublicBaseUrl")]
    public async Task Production_refuses_to_start_without_each_safety_setting_and_names_it(string removed, string named)
    {
        var settings = VoiceProxyApp.OpenProduction();
        settings.Remove(removed);
        await using var app = new VoiceProxyApp(api.ConnectionString, settings, environment: "Production");
        var failure = Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString();
        Assert.Contains(named, failure);
        Assert.Contains(removed, failure); // the way out is named too
    }

    static readonly string[] SafetySettings = ["VoiceProxy:ApiKeys", "Vonage:SignatureSecret", "VoiceProxy:PublicBaseUrl"];

    [Fact]
    public async Task All_of_them_missing_are_named_in_one_failed_start()
    {
        await using var app = new VoiceProxyApp(api.ConnectionString, environment: "Production");
        var failure = Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString();
        Assert.All(SafetySettings, key => Assert.Contains(key, failure));
    }

    [Fact]
    public async Task Production_with_a_signature_secret_and_keys_starts_and_unsigned_webhooks_warn_at_every_start()
    {
        await using var signed = new VoiceProxyApp(api.ConnectionString, new Dictionary<string, string?>
        {
            ["VoiceProxy:ApiKeys:0"] = "k",
            ["Vonage:SignatureSecret"] = "s",
            ["VoiceProxy:PublicBaseUrl"] = VoiceProxyApp.PublicBaseUrl,
        }, environment: "Production");
        signed.StartServer();
        Assert.DoesNotContain(signed.Logs.Lines(), l => l.Contains("Webhooks are not signed", StringComparison.Ordinal));

        await using var unsigned = new VoiceProxyApp(api.ConnectionString, VoiceProxyApp.OpenProduction(), environment: "Production");
        unsigned.StartServer();
        Assert.Contains(unsigned.Logs.Lines(), l => l.Contains("Webhooks are not signed", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "Host", "evil.example.com" },
        { "X-Forwarded-Host", "evil.example.com" },
        { "X-Forwarded-Proto", "gopher" },
        { "Forwarded", "host=evil.example.com;proto=http" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task In_production_the_event_url_is_always_on_the_configured_host(string header, string value)
    {
        await using var app = new VoiceProxyApp(api.ConnectionString, VoiceProxyApp.OpenProduction(), environment: "Production");
        app.StartServer();
        using var http = app.CreateClient();
        var c = await http.CreatedConversation("+447400661001", "+447400661002");
        var eventUrl = await EventUrl(http, c, header, value);
        Assert.StartsWith(VoiceProxyApp.PublicBaseUrl + "/webhooks/event?", eventUrl);
    }

    [Fact]
    public async Task Outside_production_a_trusted_proxy_says_the_scheme_and_anyone_else_is_ignored()
    {
        var c = await api.Http.CreatedConversation("+447400662001", "+447400662002");
        Assert.StartsWith("http://", await EventUrl(api.Http, c, "X-Forwarded-Proto", "https"));

        await using var behindProxy = new VoiceProxyApp(api.ConnectionString,
            new Dictionary<string, string?> { ["VoiceProxy:TrustedProxies:0"] = "127.0.0.1" });
        behindProxy.StartServer();
        using var http = behindProxy.CreateClient();
        Assert.StartsWith("https://", await EventUrl(http, c, "X-Forwarded-Proto", "https"));
        // X-Forwarded-Host is never believed, even from a trusted proxy.
        Assert.DoesNotContain("evil.example.com", await EventUrl(http, c, "X-Forwarded-Host", "evil.example.com"));
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_not_an_address_stops_start_up_naming_the_key()
    {
        await using var app = new VoiceProxyApp(api.ConnectionString,
            new Dictionary<string, string?> { ["VoiceProxy:TrustedProxies:0"] = "my-proxy" });
        Assert.Contains("VoiceProxy:TrustedProxies", Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString());
    }

    static async Task<string> EventUrl(HttpClient http, JsonElement c, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"/webhooks/answer?from={Digits(c.Str("userA", "number"))}&to={Digits(c.Str("userB", "virtualNumber"))}");
        if (header == "Host") request.Headers.Host = value;
        else request.Headers.TryAddWithoutValidation(header, value);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ncco = await Ncco(response);
        return ncco[1].GetProperty("eventUrl")[0].GetString()!;
    }
}
