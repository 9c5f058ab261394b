using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// <c>VoiceProxy:TrustedProxies</c> as ASP.NET's forwarded-headers settings: behind a
/// TLS-terminating proxy the request's scheme and client address are the proxy's to say, and
/// only a configured proxy is believed. X-Forwarded-Host is never honoured: the public host is
/// <c>VoiceProxy:PublicBaseUrl</c>'s to say.
/// </summary>
public static class TrustedProxy
{
    public static bool IsValid(string entry) => IPAddress.TryParse(entry, out _) || System.Net.IPNetwork.TryParse(entry, out _);

    public static void Configure(ForwardedHeadersOptions o, VoiceProxyOptions settings)
    {
        // ASP.NET trusts loopback by default, and empty lists mean "anyone": with no proxy
        // configured the headers are not read at all.
        o.ForwardedHeaders = settings.TrustedProxies.Length == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var entry in settings.TrustedProxies)
        {
            if (IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
        }
    }
}
