using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary><c>VoiceProxy:ApiKeys</c> and <c>VoiceProxy:AllowAnonymousApi</c>.</summary>
public sealed class ApiKeyOptions
{
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Explicitly allow a Production service with no API keys (e.g. behind a trusted gateway).</summary>
    public bool AllowAnonymousApi { get; set; }

    public bool Required => ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k));
}

/// <summary>
/// API keys as an ASP.NET authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c> (the
/// scheme's name in any case), compared in constant time. When keys are configured, a fallback
/// authorization policy requires it on every endpoint that is not marked
/// <c>AllowAnonymous()</c>: protected by default, so a new endpoint cannot slip through unprotected.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> scheme, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<ApiKeyOptions> keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(scheme, logger, encoder)
{
    public const string Name = "ApiKey";

    readonly byte[][] accepted = keys.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k))
        .Select(k => Encoding.UTF8.GetBytes(k)).ToArray();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())
            : [];
        var index = Array.FindIndex(accepted, k => CryptographicOperations.FixedTimeEquals(k, presented));
        if (index < 0) return Task.FromResult(AuthenticateResult.Fail("Not one of VoiceProxy:ApiKeys."));
        // The key's position names the caller in logs and traces; never the key itself.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api-key-{index}")], Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "A valid API key is required (Authorization: Bearer <key>)." },
        });
    }

    /// <summary>The scheme, and the fallback policy that requires it once keys are configured.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddAuthentication(Name).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(Name, null);
        services.AddAuthorization();
        // Decided when first resolved, so a test host's settings are already in place.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<ApiKeyOptions>>((o, keys) =>
        {
            if (keys.Value.Required)
                o.FallbackPolicy = new AuthorizationPolicyBuilder(Name).RequireAuthenticatedUser().Build();
        });
    }
}
