using System.ComponentModel.DataAnnotations;
using VoiceProxy.Core.Callbacks;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary><c>VoiceProxy:Callbacks</c>: where the backend hears what happened, and how hard we try.</summary>
public sealed class CallbackOptions : IValidatableObject
{
    public const string Section = "VoiceProxy:Callbacks";

    /// <summary>The default callback URL, for conversations that name none. Unset: only conversations that name one get callbacks.</summary>
    [Url(ErrorMessage = "VoiceProxy:Callbacks:Url must be an absolute http(s) URL.")]
    public string? Url { get; set; }

    /// <summary>The Standard Webhooks signing secret: whsec_ and at least 24 random bytes in base64.</summary>
    public string? Secret { get; set; }

    /// <summary>Put real numbers in callbacks. Off: participants appear by role and masked number only.</summary>
    public bool IncludeNumbers { get; set; }

    [Range(0.1, 3600, ErrorMessage = "VoiceProxy:Callbacks:FirstRetrySeconds must be between 0.1 and 3600.")]
    public double FirstRetrySeconds { get; set; } = 5;

    [Range(1, 86_400, ErrorMessage = "VoiceProxy:Callbacks:MaxRetrySeconds must be between 1 and 86400.")]
    public double MaxRetrySeconds { get; set; } = 3600;

    /// <summary>How long a callback is retried before it is marked failed (redeliver it by hand then).</summary>
    [Range(0.001, 720, ErrorMessage = "VoiceProxy:Callbacks:GiveUpAfterHours must be between 0.001 and 720.")]
    public double GiveUpAfterHours { get; set; } = 24;

    /// <summary>How long one attempt may take: a slow receiver holds only its own conversation's callbacks.</summary>
    [Range(1, 60, ErrorMessage = "VoiceProxy:Callbacks:TimeoutSeconds must be between 1 and 60.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How often the sender looks for callbacks due.</summary>
    [Range(50, 60_000, ErrorMessage = "VoiceProxy:Callbacks:PollMilliseconds must be between 50 and 60000.")]
    public int PollMilliseconds { get; set; } = 250;

    public bool Signing => !string.IsNullOrWhiteSpace(Secret);

    public Uri? DefaultUrl => string.IsNullOrWhiteSpace(Url) ? null : new Uri(Url);

    public RetryPolicy Retries => new(TimeSpan.FromSeconds(FirstRetrySeconds), TimeSpan.FromSeconds(MaxRetrySeconds),
        TimeSpan.FromHours(GiveUpAfterHours));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Signing && !IsSecret(Secret!))
            yield return new ValidationResult(
                "VoiceProxy:Callbacks:Secret must be whsec_ followed by at least 24 random bytes in base64 " +
                "(e.g. whsec_$(openssl rand -base64 32)).", [nameof(Secret)]);
        if (!string.IsNullOrWhiteSpace(Url) && !Signing)
            yield return new ValidationResult(
                "VoiceProxy:Callbacks:Url is set but VoiceProxy:Callbacks:Secret is not: callbacks are always signed.", [nameof(Secret)]);
    }

    static bool IsSecret(string secret)
    {
        var body = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : "";
        var bytes = new byte[body.Length];
        return Convert.TryFromBase64String(body, bytes, out var length) && length >= 24;
    }
}
