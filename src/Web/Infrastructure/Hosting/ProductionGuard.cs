using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Secure by default: in Production the service refuses to start open by accident. Each
/// setting that would leave it open must be set, or its opt-out said out loud; every problem
/// is named at once, so one failed start tells the operator everything.
/// </summary>
public sealed class ProductionGuard(
    IOptions<ApiKeyOptions> keys, IOptions<VonageOptions> vonage, IOptions<VoiceProxyOptions> options,
    IHostEnvironment env, ILogger<ProductionGuard> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!env.IsProduction()) return Task.CompletedTask;
        var problems = Problems().ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException("Refusing to start in Production:\n- " + string.Join("\n- ", problems));
        if (string.IsNullOrEmpty(vonage.Value.SignatureSecret)) log.UnsignedWebhooksAllowed();
        return Task.CompletedTask;
    }

    IEnumerable<string> Problems()
    {
        if (!keys.Value.Required && !keys.Value.AllowAnonymousApi)
            yield return "VoiceProxy:ApiKeys is empty, so anyone could create conversations and rent numbers. " +
                "Set VoiceProxy:ApiKeys (e.g. VoiceProxy__ApiKeys__0=<secret>), or VoiceProxy:AllowAnonymousApi=true " +
                "if a trusted gateway authenticates callers.";
        if (string.IsNullOrEmpty(vonage.Value.SignatureSecret) && !options.Value.AllowUnsignedWebhooks)
            yield return "Vonage:SignatureSecret is unset, so anyone who finds the webhook URL could ask it which real " +
                "number a virtual number stands for, and write fake call events. Set Vonage:SignatureSecret (the " +
                "account's signature secret, with signed callbacks on), or VoiceProxy:AllowUnsignedWebhooks=true " +
                "for a closed demo.";
        if (string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            yield return "VoiceProxy:PublicBaseUrl is unset, so NCCO eventUrls would come from each request's Host " +
                "header, which the caller chooses. Set it to this service's public URL, e.g. https://proxy.example.com.";
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
