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
        var ready = await api.Http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal(("Healthy", "Healthy"), (live.Str("status"), ready.Str("status")));
        Assert.Equal(["postgres", "vonage"], ready.GetProperty("checks").EnumerateArray().Select(c => c.Str("name")).Order());
    }

    [Fact]
    public async Task Metrics_expose_the_counters_and_they_move_when_a_call_is_answered()
    {
        var c = await api.Http.CreatedConversation("+447400990001", "+447400990002");
        await api.Http.Texted(c.Str("id"));
        var before = Sum(await Scrape(), "voiceproxy_calls_answered_total", "outcome=\"connected\"");
        await api.Http.Answer("447400990001", Api.Digits(c.Str("userB", "virtualNumber")));
        var text = await Scrape();
        Assert.True(before + 1 == Sum(text, "voiceproxy_calls_answered_total", "outcome=\"connected\""), string.Join("\n", text.Split('\n').Where(l => l.Contains("calls_answered"))));
        Assert.True(Sum(text, "voiceproxy_conversations_total", "event=\"created\"") >= 1);
        Assert.True(Sum(text, "voiceproxy_sms_total", "outcome=\"sent\"") >= 2);
        Assert.True(Sum(text, "voiceproxy_answer_duration_seconds_bucket", "le=\"0.05\"") >= 1);
        foreach (var gauge in new[] { "voiceproxy_pool_size", "voiceproxy_pool_in_use" }) Assert.Contains($"# TYPE {gauge} gauge", text);
    }

    [Fact]
    public async Task A_bad_configuration_value_stops_start_up_naming_the_key()
    {
        await using var app = new VoiceProxyApp(api.ConnectionString, new Dictionary<string, string?> { ["VoiceProxy:DefaultCountry"] = "gb" });
        Assert.Contains("VoiceProxy:DefaultCountry", Assert.ThrowsAny<Exception>(() => app.StartServer()).ToString());
    }

    async Task<string> Scrape() => await api.Http.GetStringAsync("/metrics");

    /// <summary>The sum of a metric's samples that carry every given label, whatever the label order.</summary>
    public static double Sum(string prometheus, string metric, params string[] labels) =>
        prometheus.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l.Contains))
            .Sum(l => double.Parse(l.Split(' ')[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The database going away and coming back, in Production (no stack traces in answers).</summary>
[Trait("Category", "Integration")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync")]
public sealed class ProductionOutageTests : IAsyncLifetime
{
    VoiceProxyApp app = null!;
    HttpClient http = null!;
    string database = "";

    public async Task InitializeAsync()
    {
        var connection = await TestPostgres.CreateDatabase();
        database = new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
        app = new VoiceProxyApp(connection, VoiceProxyApp.OpenProduction(), environment: "Production");
        app.StartServer();
        http = app.CreateClient();
    }

    [Fact]
    public async Task Readiness_is_503_without_the_database_and_200_with_it_and_errors_show_no_stack_trace()
    {
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        await TestPostgres.Admin($"alter database {database} allow_connections false");
        await TestPostgres.Admin($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}'");
        try
        {
            using var down = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("Unhealthy", (await Api.Json(down)).Str("status"));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

            using var failed = await http.GetAsync($"/conversations/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.NotNull(failed.Headers.RetryAfter);
            var problem = await Api.Json(failed);
            Assert.True(problem.TryGetProperty("traceId", out _));
            Assert.DoesNotContain(" at ", problem.GetRawText());
            Assert.DoesNotContain("Npgsql", problem.GetRawText());
        }
        finally
        {
            await TestPostgres.Admin($"alter database {database} allow_connections true");
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }
}
