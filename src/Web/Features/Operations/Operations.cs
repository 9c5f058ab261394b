using Carter;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Features.Operations;

/// <summary>
/// What operators use: health (no API key, for probes), the OpenAPI document and its docs page
/// (no API key), and Prometheus metrics (API key when keys are set; Prometheus can send one).
/// </summary>
public sealed class Operations : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        // Not REST resources, so not in the OpenAPI document (the test lists exactly these).
        app.MapHealthChecks("/health/live", Health("live")).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", Health("ready")).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi().AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/docs", o => o.WithTitle("VoiceProxy API"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
    }

    static HealthCheckOptions Health(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthJson.Write,
    };
}
