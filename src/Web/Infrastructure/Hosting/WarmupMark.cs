using System.Security.Cryptography;
using System.Text;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// What marks the warm-up's own answer webhooks (<see cref="AnswerWarmup"/>): a header holding a
/// secret made afresh by each process, so nothing outside it can make a real call look like one.
/// A marked call is answered as any other, but not counted in the call metrics, not logged, and
/// never handed to the marketplace backend: it is not a call.
/// </summary>
public sealed class WarmupMark
{
    public const string Header = "VoiceProxy-Warmup";

    readonly byte[] secret = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    public string Value => Encoding.ASCII.GetString(secret);

    /// <summary>Whether the request carries this process's mark. Every call pays one header lookup.</summary>
    public bool IsOn(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values) || values.Count != 1) return false;
        var value = values[0];
        if (value is null || value.Length != secret.Length) return false;
        Span<byte> given = stackalloc byte[secret.Length];
        return Encoding.ASCII.GetBytes(value, given) == secret.Length && CryptographicOperations.FixedTimeEquals(given, secret);
    }
}
