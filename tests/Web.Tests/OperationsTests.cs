using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>OpenAPI, docs, ProblemDetails for every kind of error, health, metrics.</summary>
[Trait("Category", "Integration"), Collection(ReadsMetrics.Name)]
public class OperationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_openapi_document_describes_every_mapped_endpoint_but_the_operational_ones()
    {
        var doc = await api.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        var endpoints = api.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var described = endpoints.Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true);
        foreach (var e in described)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), "{(\\w+)(:[^}]*)?}", "{$1}");
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
                Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _),
                    $"{method} {path} is not in the OpenAPI document");
        }
        // A webhook's "405, it takes GET and POST" needs no operation of its own.
        var undocumented = endpoints.Except(described).Where(e => e.DisplayName?.StartsWith("405 ", StringComparison.Ordinal) != true)
            .Select(e => e.RoutePattern.RawText!).ToList();
        Assert.All(undocumented, p => Assert.True(p.StartsWith("/health/", StringComparison.Ordinal) || p.StartsWith("/openapi/", StringComparison.Ordinal) || p.StartsWith("/docs", StringComparison.Ordinal)
            || p == "/metrics", p));

        var create = paths.GetProperty("/conversations").GetProperty("post");
        Assert.True(create.TryGetProperty("requestBody", out _));
        Assert.Equal(["201", "401", "409", "422", "429", "502", "503"], create.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.Contains("\"action\":\"connect\"", paths.GetProperty("/webhooks/answer").GetProperty("get").Str("description"));
    }

    [Fact]
    public async Task The_docs_page_is_served()
    {
        using var response = await api.Http.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }

    public static TheoryData<string, string, string?, string?, int> Errors => new()
    {
        { "GET", "/no/such/route", null, null, 404 },
        { "PUT", "/conversations", "{}", "application/json", 405 },
        { "POST", "/conversations", "{\"userA\":", "application/json", 400 },
        { "POST", "/conversations", "userA=1", "application/x-www-form-urlencoded", 415 },
        { "POST", "/conversations", "{\"userA\":\"" + new string('1', 70_000) + "\"}", "application/json", 413 },
    };

    [Theory, MemberData(nameof(Errors))]
    public async Task Every_error_is_problem_json_with_its_status(string method, string path, string? body, string? type, int status)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, type!);
        using var response = await api.Http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, (await Api.Json(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_json()
    {
        var live = await api.Http.GetFromJsonAsync<JsonElement>("/health/live");
        await TwoInstances.UntilReady(api.Http);
        var ready = await api.Http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal(("Healthy", "Healthy"), (live.Str("status"), ready.Str("status")));
        Assert.Equal(["postgres", "routes", "vonage", "warmup"], ready.GetProperty("checks").EnumerateArray().Select(c => c.Str("name")).Order());
    }

    [Fact]
    public async Task Metrics_count_what_happens_and_are_exposed_for_Prometheus()
    {
        using var answered = api.App.Collect<long>("voiceproxy.calls.answered");
        using var conversations = api.App.Collect<long>("voiceproxy.conversations");
        using var sms = api.App.Collect<long>("voiceproxy.sms");
        using var duration = api.App.Collect<double>("voiceproxy.answer.duration");
        var c = await api.Http.CreatedConversation("+447400990001", "+447400990002");
        await api.Http.Texted(c.Str("id"));
        await api.Http.Answer("447400990001", Api.Digits(c.Str("userB", "virtualNumber")));

        Assert.Equal(1, answered.Sum(("outcome", "connected")));
        Assert.Equal(1, conversations.Sum(("event", "created")));
        Assert.Equal(2, sms.Sum(("outcome", "sent")));
        Assert.Contains(duration.GetMeasurementSnapshot(), m => m.Value < 0.05 && m.ContainsTags(new KeyValuePair<string, object?>("outcome", "connected")));
        var text = await api.Http.GetStringAsync("/metrics");
        foreach (var counter in new[] { "voiceproxy_calls_answered_total", "voiceproxy_conversations_total", "voiceproxy_sms_total" })
            Assert.Contains($"# TYPE {counter} counter", text);
        Assert.Contains("# TYPE voiceproxy_answer_duration_seconds histogram", text);
        foreach (var gauge in new[] { "voiceproxy_pool_size", "voiceproxy_pool_in_use", "voiceproxy_sms_waiting", "voiceproxy_background_behind" }) Assert.Contains($"# TYPE {gauge} gauge", text);
    }

    [Fact]
    public async Task A_bad_configuration_value_stops_start_up_naming_the_key()
    {
        await using var app = new VoiceProxyApp(api.ConnectionString, new Dictionary<string, string?> { ["VoiceProxy:DefaultCountry"] = "gb" });
        Assert.Contains("VoiceProxy:DefaultCountry", Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString());
    }
}
