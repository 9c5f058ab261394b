using System.Text.Json;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>Ready only when PostgreSQL answers a query within two seconds.</summary>
public sealed class PostgresHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Budget.Within(Limit, Probe, cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                  && (DatabaseUnavailable.IsIn(e) || e is OperationCanceledException or InvalidOperationException))
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
        }
    }

    static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    async Task Probe(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select 1", (NpgsqlConnection)connection);
        await command.ExecuteScalarAsync(ct);
    }
}

/// <summary>
/// Ready only once every active route is in memory (<see cref="RouteLoader"/>): an instance that
/// took calls before would answer its first ones from the database, slowly, right after a restart.
/// </summary>
public sealed class RoutesLoadedHealthCheck(RouteCache routes) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(routes.Loaded
            ? HealthCheckResult.Healthy($"{routes.Count} active routes in memory.")
            : HealthCheckResult.Unhealthy($"Loading the active routes into memory ({routes.Count} so far)."));
}

/// <summary>Says which Vonage mode runs; live settings were validated at start-up.</summary>
public sealed class VonageHealthCheck(IOptions<VonageOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var problems = o.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(o)).ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(o.IsLive ? "Live Vonage configuration is complete." : "Sandbox (no Vonage credentials).")
            : HealthCheckResult.Unhealthy(string.Join(" ", problems.Select(p => p.ErrorMessage))));
    }
}

/// <summary>Health answers as JSON: the overall status and each check's.</summary>
public static class HealthJson
{
    public static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }));
    }
}
