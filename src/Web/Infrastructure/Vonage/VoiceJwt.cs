using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// The JWT Vonage's Voice REST API wants: RS256 with the application's private key, claims
/// application_id, iat, jti and exp (15 minutes, Vonage's own default when it is omitted).
/// </summary>
public sealed class VoiceJwt(IOptions<VonageOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string Create()
    {
        var o = options.Value;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(o.PrivateKeyPath
            ?? throw new InvalidOperationException("Vonage:PrivateKeyPath is not set: Voice API calls need the application's private key.")));
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["application_id"] = o.ApplicationId ?? "",
            ["iat"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
            ["jti"] = Guid.NewGuid().ToString(),
        }));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }
}
