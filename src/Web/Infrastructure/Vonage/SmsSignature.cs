using System.Security.Cryptography;
using System.Text;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Http;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// The SMS API's request signature (<c>sig</c>): every other field as <c>&amp;key=value</c>,
/// sorted by key, with <c>&amp;</c> and <c>=</c> in values replaced by <c>_</c>, hashed with the
/// SMS signature secret: MD5 of the string followed by the secret (md5hash), or an HMAC keyed by
/// it (shared/design/VONAGE.md, "Inbound SMS webhook"). <c>timestamp</c> must be recent, so a
/// captured request cannot be replayed days later.
/// </summary>
public sealed class SmsSignature(IOptions<VonageOptions> options, TimeProvider clock)
{
    readonly VonageOptions settings = options.Value;

    public bool Required => !string.IsNullOrWhiteSpace(settings.SmsSignatureSecret);

    /// <summary>Right when signing is off, or the signature holds and is fresh; otherwise why not.</summary>
    public Either<string, Unit> Verify(WebhookFields fields)
    {
        if (!Required) return unit;
        if (string.IsNullOrEmpty(fields["sig"])) return "no sig";
        if (!long.TryParse(fields["timestamp"], out var seconds)) return "no timestamp";
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > TimeSpan.FromSeconds(settings.SignatureMaxAgeSeconds)) return "timestamp out of range";
        var expected = Sign(fields.Values, settings.SmsSignatureSecret!, settings.SmsSignatureMethod);
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(fields["sig"]!.ToLowerInvariant()))
            ? unit
            : "sig does not match";
    }

    public static string Sign(IReadOnlyDictionary<string, string> fields, string secret, string method)
    {
        var signed = string.Concat(fields.Where(f => f.Key != "sig").OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"&{f.Key}={f.Value.Replace('&', '_').Replace('=', '_')}"));
        var key = Encoding.UTF8.GetBytes(secret);
        var input = Encoding.UTF8.GetBytes(signed);
#pragma warning disable CA5351 // MD5 is what the SMS API offers; we verify what it sends, we choose nothing.
        var hash = method switch
        {
            "md5hash" => MD5.HashData(Encoding.UTF8.GetBytes(signed + secret)),
            "md5" => HMACMD5.HashData(key, input),
#pragma warning disable CA5350
            "sha1" => HMACSHA1.HashData(key, input),
#pragma warning restore CA5350
            "sha256" => HMACSHA256.HashData(key, input),
            _ => HMACSHA512.HashData(key, input),
        };
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }
}
