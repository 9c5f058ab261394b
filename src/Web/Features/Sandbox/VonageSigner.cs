using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VoiceProxy.Web.Features.Sandbox;

/// <summary>
/// Signs a webhook as Vonage does (shared/design/VONAGE.md §2.10): an HS256 JWT with the
/// signature secret, iat, a fresh jti and the payload's SHA-256 as payload_hash. Only the
/// sandbox's call player uses it, to call our own webhooks exactly as Vonage would.
/// </summary>
public static class VonageSigner
{
    public static string Token(byte[] payload, string secret, DateTimeOffset now)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var claims = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(payload)),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }

    static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
