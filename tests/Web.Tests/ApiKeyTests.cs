using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

public sealed class ApiKeyFixture : ApiFixture
{
    public const string Key = "the-right-key";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["VoiceProxy:ApiKeys:0"] = "another-key",
        ["VoiceProxy:ApiKeys:1"] = Key,
    };
}

/// <summary>API keys: every endpoint the app maps is protected unless it is explicitly public.</summary>
[Trait("Category", "Integration")]
public class ApiKeyTests(ApiKeyFixture api) : IClassFixture<ApiKeyFixture>
{
    /// <summary>Every mapped endpoint, as (method, a concrete path), from the endpoint data source itself.</summary>
    IEnumerable<(string Method, string Path, bool Public)> Endpoints() =>
        api.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m =>
                (m, Concrete(e.RoutePattern.RawText!), e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)));

    static string Concrete(string pattern) =>
        "/" + string.Join('/', pattern.Trim('/').Split('/').Select(segment => segment switch
        {
            "{id:guid}" => Guid.NewGuid().ToString(),
            "{number}" => "447700900000",
            "{documentName}" => "v1",
            _ => segment,
        }));

    [Fact]
    public async Task Every_endpoint_but_the_public_ones_refuses_a_missing_or_wrong_key()
    {
        var endpoints = Endpoints().ToList();
        Assert.True(endpoints.Count(e => !e.Public) >= 12, string.Join(", ", endpoints));
        // Public: Vonage's webhooks (signed instead), health probes, the API description and its docs page.
        Assert.All(endpoints.Where(e => e.Public), e => Assert.True(
            e.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || e.Path is "/proxy-call" or "/health/live" or "/health/ready"
                || e.Path.StartsWith("/openapi/", StringComparison.Ordinal) || e.Path.StartsWith("/docs", StringComparison.Ordinal), e.Path));
        // No header; a wrong key; a prefix of the right one; the right one without or with the wrong scheme.
        string?[] refused = [null, "Bearer wrong-key", "Bearer the-right-ke", ApiKeyFixture.Key, $"Basic {ApiKeyFixture.Key}"];
        foreach (var (method, path, _) in endpoints.Where(e => !e.Public))
        {
            foreach (var authorization in refused)
            {
                using var response = await Send(method, path, authorization);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{method} {path} with '{authorization}': {response.StatusCode}");
            }
            using var allowed = await Send(method, path, $"Bearer {ApiKeyFixture.Key}");
            Assert.True(allowed.StatusCode != HttpStatusCode.Unauthorized, $"{method} {path} with the key: 401");
        }
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task The_scheme_name_is_case_insensitive_as_HTTP_says(string scheme)
    {
        using var response = await Send("GET", "/numbers", $"{scheme} {ApiKeyFixture.Key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Webhooks_need_no_key()
    {
        using var response = await api.Http.GetAsync("/webhooks/answer?from=447400999999&to=447700900000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Live_mode_without_its_secret_and_application_refuses_to_start_naming_both()
    {
        await using var app = new VoiceProxyApp(api.ConnectionString, new Dictionary<string, string?> { ["Vonage:ApiKey"] = "k" });
        var failure = Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString();
        Assert.Contains("Vonage:ApiSecret", failure);
        Assert.Contains("Vonage:ApplicationId", failure);
    }

    async Task<HttpResponseMessage> Send(string method, string path, string? authorization)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await api.Http.SendAsync(request);
    }
}
