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

    // The HMAC key, encoded once rather than per request.
    readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.SignatureSecret ?? "");

    /// <returns>Why the request is refused, or the token's jti and iat. The reason never holds a phone number.</returns>
    public async Task<Either<string, SignedToken>> Verify(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        // The scheme's name is case-insensitive (RFC 9110, 11.1).
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return "no bearer token";
        var claims = WebhookToken.Read(header.AsSpan("Bearer ".Length).Trim(), key, MaxJtiLength);
        if (claims.Case is string refused) return refused;
        var (iat, jti, hash) = (WebhookClaims)claims.Case!;
        var now = clock.GetUtcNow();
        if (iat < now - TimeSpan.FromSeconds(options.Value.SignatureMaxAgeSeconds) || iat > now + FutureSkew)
            return "iat outside the accepted window";
        if (!string.Equals(hash, await PayloadHash(request, ct), StringComparison.OrdinalIgnoreCase))
            return "payload_hash does not match the request";
        return new SignedToken(jti, iat);
    }

    static async Task<string> PayloadHash(HttpRequest request, CancellationToken ct)
    {
        if (HttpMethods.IsGet(request.Method)) return Hex(SHA256.HashData(QueryAsJson(request.QueryString.Value)));
        // Read once into memory (Kestrel caps a body at 64 KB) and handed on as the request's
        // body, so the handler reads the same bytes without a buffering stream's second pass.
        var body = new MemoryStream(request.ContentLength is > 0 and <= int.MaxValue ? (int)request.ContentLength : 0);
        await request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        request.Body = body;
        return Hex(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
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

/// <summary>
/// A webhook token that verified; its jti is still to be checked for replay. Its iat travels
/// with it: a replay is the same token, so the same (iat, jti), which keys the replay table.
/// </summary>
public sealed record SignedToken(string Jti, DateTimeOffset Iat);
