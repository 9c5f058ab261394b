using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>Marks an endpoint callable without an API key: webhooks (signed instead), health, docs.</summary>
public sealed class WithoutApiKey;

/// <summary><c>VoiceProxy:ApiKeys</c> and <c>VoiceProxy:AllowAnonymousApi</c>.</summary>
public sealed class ApiKeyOptions
{
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Explicitly allow a Production service with no API keys (e.g. behind a trusted gateway).</summary>
    public bool AllowAnonymousApi { get; set; }
}

/// <summary>
/// Every endpoint requires <c>Authorization: Bearer &lt;key&gt;</c> when keys are configured,
/// unless it carries <see cref="WithoutApiKey"/>: protected by default, so a new endpoint
/// cannot slip through unprotected.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ApiKeyOptions> options)
{
    readonly byte[][] keys = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k))
        .Select(k => Encoding.UTF8.GetBytes(k)).ToArray();

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var endpoint = http.GetEndpoint();
        if (keys.Length == 0 || endpoint is null || endpoint.Metadata.GetMetadata<WithoutApiKey>() is not null
            || Presented(http.Request))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = 401, Title = "A valid API key is required (Authorization: Bearer <key>)." },
        });
    }

    bool Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        return keys.Any(k => CryptographicOperations.FixedTimeEquals(k, presented));
    }
}

/// <summary>In Production, refuses to start with no API keys unless AllowAnonymousApi is set.</summary>
public sealed class ApiKeyGuard(IOptions<ApiKeyOptions> options, IHostEnvironment env) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (env.IsProduction() && !o.ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k)) && !o.AllowAnonymousApi)
            throw new InvalidOperationException(
                "VoiceProxy:ApiKeys is empty in Production, so anyone could create conversations and rent numbers. " +
                "Set VoiceProxy:ApiKeys (e.g. VoiceProxy__ApiKeys__0=<secret>), or VoiceProxy:AllowAnonymousApi=true " +
                "if a trusted gateway authenticates callers.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
