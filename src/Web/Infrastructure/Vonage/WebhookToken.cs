using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LanguageExt;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>What a Vonage webhook token says, once its signature verified.</summary>
public sealed record WebhookClaims(DateTimeOffset Iat, string Jti, string PayloadHash);

/// <summary>
/// Reads a Vonage webhook token (a JWT: header.claims.signature, base64url) straight from its
/// characters with a forward-only JSON reader: every signed webhook passes through here, and two
/// parsed documents plus the strings of a split cost more than the rest of the check together
/// (docs/benchmarks.md). Strict on purpose: a claim twice, a jti or payload_hash that is not a
/// string, an iat that is not a whole number of seconds in the calendar, trailing bytes after the
/// JSON — each is a malformed token, never a guess.
/// </summary>
public static class WebhookToken
{
    // Unix seconds DateTimeOffset can hold (0001-01-01 to 9999-12-31).
    const long MinIat = -62_135_596_800, MaxIat = 253_402_300_799;

    /// <summary>A token Vonage signs is a few hundred characters; more is not Vonage's and is not decoded.</summary>
    public const int MaxLength = 8 * 1024;

    /// <returns>Why the token is refused, or its claims (signature verified with <paramref name="key"/>, HS256 only).</returns>
    public static Either<string, WebhookClaims> Read(ReadOnlySpan<char> token, ReadOnlySpan<byte> key, int maxJtiLength)
    {
        if (token.Length > MaxLength) return "malformed token";
        var firstDot = token.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : token[(firstDot + 1)..].IndexOf('.') + firstDot + 1;
        if (firstDot < 0 || secondDot <= firstDot || token[(secondDot + 1)..].Contains('.')) return "not a JWT";
        var rented = ArrayPool<byte>.Shared.Rent(token.Length * 2);
        try
        {
            var buffer = rented.AsSpan();
            if (!Decode(token[..firstDot], ref buffer, out var header)
                || !Decode(token[(firstDot + 1)..secondDot], ref buffer, out var claims)
                || !Decode(token[(secondDot + 1)..], ref buffer, out var signature))
                return "malformed token";
            if (NotHs256(header) is { } refused) return refused;
            // What was signed is the token's own characters up to the second dot; base64url is ASCII.
            var signed = buffer[..secondDot];
            if (Encoding.ASCII.GetBytes(token[..secondDot], signed) != secondDot) return "malformed token";
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, signed, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, signature)) return "signature does not verify";
            return Claims(claims, maxJtiLength);
        }
        // Not JSON, or a string that is not text (a lone surrogate, "\ud800").
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "malformed token";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes one part into the front of <paramref name="buffer"/>, which then moves past it.</summary>
    static bool Decode(ReadOnlySpan<char> part, ref Span<byte> buffer, out ReadOnlySpan<byte> decoded)
    {
        decoded = default;
        // The status form: TryDecodeFromChars throws on a character that is not base64url.
        if (Base64Url.DecodeFromChars(part, buffer, out _, out var written) != OperationStatus.Done) return false;
        decoded = buffer[..written];
        buffer = buffer[written..];
        return true;
    }

    /// <returns>Why the header is refused, or null when it names HS256 (and nothing else).</returns>
    static string? NotHs256(ReadOnlySpan<byte> header)
    {
        var reader = new Utf8JsonReader(header);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "malformed token";
        var hs256 = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAlg = reader.ValueTextEquals("alg"u8);
            reader.Read();
            if (!isAlg) reader.Skip();
            // Every alg must say HS256: a header naming two algorithms is not one we signed.
            else if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("HS256"u8)) return "algorithm is not HS256";
            else hs256 = true;
        }
        if (reader.Read()) return "malformed token";
        return hs256 ? null : "algorithm is not HS256";
    }

    static Either<string, WebhookClaims> Claims(ReadOnlySpan<byte> json, int maxJtiLength)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "malformed token";
        long? iat = null;
        string? jti = null, hash = null;
        var jtiSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (isIat, isJti, isHash) = (reader.ValueTextEquals("iat"u8), reader.ValueTextEquals("jti"u8), reader.ValueTextEquals("payload_hash"u8));
            reader.Read();
            if ((isIat && iat is not null) || (isJti && jtiSeen) || (isHash && hash is not null)) return "malformed token";
            if (isIat)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seconds) || seconds is < MinIat or > MaxIat)
                    return "malformed token";
                iat = seconds;
            }
            else if (isJti)
            {
                jtiSeen = true;
                if (reader.TokenType == JsonTokenType.Null) continue; // said as missing below
                if (reader.TokenType != JsonTokenType.String) return "malformed token";
                jti = reader.GetString();
            }
            else if (isHash)
            {
                if (reader.TokenType != JsonTokenType.String) return "malformed token";
                hash = reader.GetString();
            }
            else reader.Skip();
        }
        if (reader.Read()) return "malformed token";
        if (iat is null || hash is null || !jtiSeen) return "malformed token";
        if (string.IsNullOrWhiteSpace(jti) || jti.Length > maxJtiLength) return "jti missing or not a token id";
        return new WebhookClaims(DateTimeOffset.FromUnixTimeSeconds(iat.Value), jti, hash);
    }
}
