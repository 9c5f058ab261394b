using System.ComponentModel.DataAnnotations;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Web.Hosting;

/// <summary>The <c>VoiceProxy:*</c> settings. Defaults here are the documented defaults.</summary>
public sealed class VoiceProxyOptions
{
    public const string Section = "VoiceProxy";

    /// <summary>Region for numbers written in national format (ISO 3166, e.g. GB).</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage =
        "VoiceProxy:DefaultCountry must be a two-letter ISO 3166 region in upper case, e.g. GB.")]
    public string DefaultCountry { get; set; } = "GB";

    /// <summary>How long a new conversation routes calls.</summary>
    [Range(60, 31_536_000, ErrorMessage =
        "VoiceProxy:DefaultTtlSeconds must be between 60 and 31536000 (one year).")]
    public int DefaultTtlSeconds { get; set; } = 86_400;

    public MessageOptions Messages { get; set; } = new();

    public Prompts Prompts => new(Messages.Connecting, Messages.NotInService, Messages.Ended);
}

/// <summary>The <c>VoiceProxy:Messages:*</c> texts: spoken ones and the SMS template.</summary>
public sealed class MessageOptions
{
    [Required] public string Connecting { get; set; } = Prompts.Default.Connecting;
    [Required] public string NotInService { get; set; } = Prompts.Default.NotInService;
    [Required] public string Ended { get; set; } = Prompts.Default.Ended;

    /// <summary>The SMS each participant gets; {number} is the number they should call.</summary>
    [Required] public string Sms { get; set; } = Notification.DefaultTemplate;
}
