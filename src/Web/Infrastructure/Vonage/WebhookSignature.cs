using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LanguageExt;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Verifies Vonage's signed webhooks: <c>Authorization: Bearer</c> JWT, HS256 only (pinned, so
/// "none" or an RS256 token cannot be slipped in), signed with the signature secret; its
/// payload_hash must be the SHA-256 of the body (POST) or of the query as compact JSON in its
/// order (GET); its iat recent. Whether its jti was seen before is the replay guard's to say,
/// once the request is otherwise accepted (<see cref="Http.WebhookSignatureFilter"/>).
/// </summary>
public sealed class WebhookSignature(IOptions<VonageOptions> options, TimeProvider clock)
{
    /// <summary>Vonage's jti is a UUID; anything much longer is not Vonage's and is not stored.</summary>
    public const int MaxJtiLength = 128;

    static readonly TimeSpan FutureSkew = TimeSpan.FromSeconds(60);

    public bool IsRequired => !string.IsNullOrEmpty(options.Value.SignatureSecret);

    /// <returns>Why the request is refused, or the token's jti. The reason never holds a phone number.</returns>
    public async Task<Either<string, SignedToken>> Verify(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        // The scheme's name is case-insensitive (RFC 9110, 11.1).
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return "no bearer token";
        var parts = header["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3) return "not a JWT";
        var claims = Claims(parts);
        if (claims.IsLeft) return claims.Map(_ => new SignedToken(""));
        var (iat, jti, hash) = claims.RightToSeq().Head();
        var now = clock.GetUtcNow();
        if (iat < now - TimeSpan.FromSeconds(options.Value.SignatureMaxAgeSeconds) || iat > now + FutureSkew)
            return "iat outside the accepted window";
        if (!string.Equals(hash, await PayloadHash(request, ct), StringComparison.OrdinalIgnoreCase))
            return "payload_hash does not match the request";
        return new SignedToken(jti);
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
            var jti = root.GetProperty("jti").GetString();
            if (string.IsNullOrWhiteSpace(jti) || jti.Length > MaxJtiLength) return "jti missing or not a token id";
            return (DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("iat").GetInt64()), jti,
                root.GetProperty("payload_hash").GetString() ?? throw new FormatException());
        }
        // An iat outside the calendar is ArgumentOutOfRange; a number that is not an Int64 is Format.
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException
                                      or ArgumentOutOfRangeException)
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

/// <summary>A webhook token that verified; its jti is still to be checked for replay.</summary>
public sealed record SignedToken(string Jti);
