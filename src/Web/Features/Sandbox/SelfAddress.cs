using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace VoiceProxy.Web.Features.Sandbox;

/// <summary>This service as the sandbox's Vonage reaches it: our own listening address, on loopback.</summary>
public static class SelfAddress
{
    public static Uri Of(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The service is not listening on any address.");
        return new Uri(address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://127.0.0.1")
            .Replace("://[::]", "://localhost"));
    }
}
