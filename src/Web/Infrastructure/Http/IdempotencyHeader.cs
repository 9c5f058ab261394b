using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// The Idempotency-Key header as every endpoint that takes one reads it: the key (validated by
/// <see cref="Idempotency.Key"/>), scoped to the API caller that sent it, and the fingerprint of
/// the body it came with.
/// </summary>
public static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The key and its caller (the API key's name, or "anonymous"), if one was sent.</summary>
    public static Validation<InputError, Option<(string Caller, string Key)>> Of(HttpContext http) =>
        Idempotency.Key(http.Request.Headers.TryGetValue(Name, out var k) ? k.ToString() : null)
            .Map(key => key.Map(k => (http.User.Identity?.Name ?? "anonymous", k)));

    /// <summary>The request as sent, hashed: the same key with any other body is a different request.</summary>
    public static string Fingerprint<T>(T request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json))));
}
