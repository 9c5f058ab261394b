using System.ComponentModel.DataAnnotations;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>The <c>Vonage:*</c> settings. No ApiKey: the sandbox.</summary>
public sealed class VonageOptions : IValidatableObject
{
    public const string Section = "Vonage";

    public string? ApiKey { get; set; }
    public string? ApiSecret { get; set; }

    /// <summary>The Vonage application our numbers are linked to (answer and event URLs point at us).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The application's private key (PEM), for Voice API JWTs.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Set: the answer and event webhooks must carry a valid Vonage signature.</summary>
    public string? SignatureSecret { get; set; }

    /// <summary>How old a signed webhook's iat may be before it is refused as a possible replay.</summary>
    [Range(10, 3600, ErrorMessage = "Vonage:SignatureMaxAgeSeconds must be between 10 and 3600.")]
    public int SignatureMaxAgeSeconds { get; set; } = 300;

    /// <summary>
    /// Set: SMS API webhooks (delivery receipts) must carry a valid <c>sig</c>. The SMS API signs
    /// with its own secret and method (dashboard, API settings), not the Voice JWT's.
    /// </summary>
    public string? SmsSignatureSecret { get; set; }

    /// <summary>md5hash (Vonage's default), md5, sha1, sha256 or sha512 (the HMAC variants).</summary>
    [RegularExpression("^(md5hash|md5|sha1|sha256|sha512)$",
        ErrorMessage = "Vonage:SmsSignatureMethod must be md5hash, md5, sha1, sha256 or sha512.")]
    public string SmsSignatureMethod { get; set; } = "md5hash";

    [Url(ErrorMessage = "Vonage:RestBaseUrl must be an absolute URL, e.g. https://rest.nexmo.com.")]
    public string RestBaseUrl { get; set; } = "https://rest.nexmo.com";

    [Url(ErrorMessage = "Vonage:ApiBaseUrl must be an absolute URL, e.g. https://api.nexmo.com.")]
    public string ApiBaseUrl { get; set; } = "https://api.nexmo.com";

    [Range(1, 60, ErrorMessage = "Vonage:TimeoutSeconds must be between 1 and 60.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How many set-up texts a second go to the provider (0: as fast as they come). Vonage's SMS
    /// API refuses what an account sends above its throughput, 30 a second unless Vonage raised
    /// it; the set-up texts take 25 of those and leave the rest to relayed messages (which answer
    /// a webhook and are not paced: a throttled one is answered 503, and Vonage resends it).
    /// The sandbox is paced the same, so it behaves as a default account does.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "Vonage:SetupTextsPerSecond must be between 0 (no pacing) and 100000.")]
    public int SetupTextsPerSecond { get; set; } = 25;

    public bool IsLive => !string.IsNullOrWhiteSpace(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsLive)
        {
            if (!string.IsNullOrWhiteSpace(ApiSecret))
                yield return new("Vonage:ApiSecret is set but Vonage:ApiKey is not: set both for live mode, or neither for the sandbox.");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ApiSecret))
            yield return new("Vonage:ApiSecret is missing: live mode (Vonage:ApiKey is set) needs the account's API secret.");
        if (string.IsNullOrWhiteSpace(ApplicationId))
            yield return new("Vonage:ApplicationId is missing: live mode links rented numbers to this Vonage application.");
        if (!string.IsNullOrWhiteSpace(PrivateKeyPath) && !File.Exists(PrivateKeyPath))
            yield return new($"Vonage:PrivateKeyPath names a file that does not exist: set it to the application's private key (PEM).");
    }
}
