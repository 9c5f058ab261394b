using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LanguageExt;
using Microsoft.Extensions.Options;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Verifies Vonage's signed webhooks: <c>Authorization: Bearer</c> JWT, HS256 only (pinned, so
/// "none" or an RS256 token cannot be slipped in), signed with the signature secret; its
/// payload_hash must be the SHA-256 of the body (POST) or of the query as compact JSON in its
/// order (GET); its iat recent; its jti never seen before.
/// </summary>
public sealed class WebhookSignature(IOptions<VonageOptions> options, TimeProvider clock, ReplayGuard replays)
{
    static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(60);

    public bool IsRequired => !string.IsNullOrEmpty(options.Value.SignatureSecret);

    /// <returns>Why the request is refused, or unit. The reason never holds a phone number.</returns>
    public async Task<Either<string, Unit>> Verify(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return "no bearer token";
        var parts = header["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3) return "not a JWT";
        var claims = Claims(parts);
        if (claims.IsLeft) return claims.Map(_ => unit);
        var (iat, jti, hash) = claims.RightToSeq().Head();
        var now = clock.GetUtcNow();
        if (iat < now - TimeSpan.FromSeconds(options.Value.SignatureMaxAgeSeconds) || iat > now + FutureSkew)
            return "iat outside the accepted window";
        if (!string.Equals(hash, await PayloadHash(request, ct), StringComparison.OrdinalIgnoreCase))
            return "payload_hash does not match the request";
        return await replays.FirstSighting(jti, now, ct) ? unit : "jti already seen (replay)";
    }

    Either<string, (DateTimeOffset Iat, string Jti, string Hash)> Claims(string[] parts)
    {
        try
        {
            using var head = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!head.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
                return "algorithm is not HS256";
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SignatureSecret!),
                Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
                return "signature does not verify";
            using var body = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = body.RootElement;
            return (DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("iat").GetInt64()),
                root.GetProperty("jti").GetString() ?? throw new FormatException(),
                root.GetProperty("payload_hash").GetString() ?? throw new FormatException());
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "malformed token";
        }
    }

    static async Task<string> PayloadHash(HttpRequest request, CancellationToken ct)
    {
        if (HttpMethods.IsGet(request.Method)) return Hex(SHA256.HashData(QueryAsJson(request.QueryString.Value)));
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body, ct);
        request.Body.Position = 0;
        return Hex(hash);
    }

    /// <summary>The query parameters, in their order, as a compact JSON object of strings.</summary>
    public static byte[] QueryAsJson(string? query)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var at = pair.IndexOf('=');
                var (key, value) = at < 0 ? (pair, "") : (pair[..at], pair[(at + 1)..]);
                json.WriteString(Unescape(key), Unescape(value));
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
