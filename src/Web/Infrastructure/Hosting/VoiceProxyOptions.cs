using System.ComponentModel.DataAnnotations;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>The <c>VoiceProxy:*</c> settings. Defaults here are the documented defaults.</summary>
public sealed class VoiceProxyOptions : IValidatableObject
{
    public const string Section = "VoiceProxy";

    /// <summary>Region for numbers written in national format (ISO 3166, e.g. GB).</summary>
    [Required, RegularExpression("^[A-Z]{2}$", ErrorMessage =
        "VoiceProxy:DefaultCountry must be a two-letter ISO 3166 region in upper case, e.g. GB.")]
    public string DefaultCountry { get; set; } = "GB";

    /// <summary>How long a new conversation routes calls, when the request does not say.</summary>
    [Range(1, 31_536_000, ErrorMessage = "VoiceProxy:DefaultTtlSeconds must be between 1 and 31536000 (a year).")]
    public int DefaultTtlSeconds { get; set; } = 86_400;

    /// <summary>The longest lifetime a request may ask for.</summary>
    [Range(1, 31_536_000, ErrorMessage = "VoiceProxy:MaxTtlSeconds must be between 1 and 31536000 (a year).")]
    public int MaxTtlSeconds { get; set; } = 604_800;

    /// <summary>How long a connect rings the callee before giving up.</summary>
    [Range(5, 120, ErrorMessage = "VoiceProxy:ConnectTimeoutSeconds must be between 5 and 120.")]
    public int ConnectTimeoutSeconds { get; set; } = 45;

    /// <summary>
    /// This service's public URL, for NCCO eventUrls. Required in Production: the request's Host
    /// header is the caller's to choose, and an eventUrl on an attacker's host would send them
    /// every call event. Outside Production, unset means the request's scheme and host.
    /// </summary>
    [Url(ErrorMessage = "VoiceProxy:PublicBaseUrl must be an absolute http(s) URL, e.g. https://proxy.example.com.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Production starts without Vonage:SignatureSecret only when this is true (and warns at every start).</summary>
    public bool AllowUnsignedWebhooks { get; set; }

    /// <summary>
    /// Reverse proxies (IP addresses, or networks as address/prefix) whose X-Forwarded-For and
    /// X-Forwarded-Proto are believed; from anyone else those headers are ignored.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public OutOfSessionOptions OutOfSession { get; set; } = new();

    public MessageOptions Messages { get; set; } = new();

    /// <summary>Keep the text of relayed messages in the conversation's events. Off: only that one was relayed, and when.</summary>
    public bool KeepRelayedTexts { get; set; }

    // Made once (the options are bound once): the answer webhook asks on every call.
    Prompts? prompts;

    public Prompts Prompts => prompts ??=
        new(Messages.Connecting, Messages.NotInService, Messages.Ended, Messages.OutOfSession, Messages.Unavailable,
            Messages.TemporarilyUnavailable, Messages.MessagesOnly, Messages.Blocked);

    Map<string, Prompts>? translations;

    /// <summary>The spoken texts of each configured language (<c>VoiceProxy:Messages:Languages:*</c>), made once.</summary>
    public Map<string, Prompts> Translations => translations ??= toMap(Messages.Languages
        .Select(kv => (Language.Canonical(kv.Key), kv.Value.Prompts(kv.Key)))
        .Where(t => t.Item1.IsSome && t.Item2.IsSome)
        .Select(t => (t.Item1.Head(), t.Item2.Head() with { Language = t.Item1.Head() })));

    /// <summary>What a conversation in <paramref name="language"/> hears (<see cref="CallSettings.PromptsIn"/>).</summary>
    public Prompts PromptsIn(string? language) =>
        Language.Canonical(language).Bind(l => Translations.Find(l)).IfNone(Prompts);

    /// <summary>
    /// How long the webhooks wait for the database before answering without it: the answer webhook
    /// then says "temporarily unavailable" (Vonage gives it 5 s and drops the call after), the event
    /// webhook 503 (Vonage sends the event again).
    /// </summary>
    [Range(100, 4000, ErrorMessage = "VoiceProxy:WebhookBudgetMilliseconds must be between 100 and 4000.")]
    public int WebhookBudgetMilliseconds { get; set; } = 1500;

    public TimeSpan WebhookBudget => TimeSpan.FromMilliseconds(WebhookBudgetMilliseconds);

    public Lifetime Lifetime => new(DefaultTtlSeconds, MaxTtlSeconds);

    CallSettings? publicCallSettings;

    /// <summary>The settings routing needs, with eventUrls on this service's public address.</summary>
    public CallSettings CallSettings(string requestBaseUrl) =>
        PublicBaseUrl is null ? CallSettingsOn(requestBaseUrl) : publicCallSettings ??= CallSettingsOn(PublicBaseUrl);

    CallSettings CallSettingsOn(string baseUrl) =>
        new(Prompts, ConnectTimeoutSeconds, $"{baseUrl.TrimEnd('/')}/webhooks/event", ForwardTo(), Translations);

    // Parsed once (the options are bound once): the answer webhook asks on every call.
    Option<PhoneNumber>? forwardTo;

    Option<PhoneNumber> ForwardTo() => forwardTo ??=
        string.IsNullOrWhiteSpace(OutOfSession.ForwardTo)
            ? Option<PhoneNumber>.None
            : PhoneNumber.Parse(OutOfSession.ForwardTo, DefaultCountry).ToOption();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultTtlSeconds > MaxTtlSeconds)
            yield return new("VoiceProxy:DefaultTtlSeconds may not exceed VoiceProxy:MaxTtlSeconds.");
        foreach (var proxy in TrustedProxies.Where(p => !Http.TrustedProxy.IsValid(p)))
            yield return new($"VoiceProxy:TrustedProxies holds '{proxy}', which is neither an IP address nor a network (address/prefix).");
        if (!string.IsNullOrWhiteSpace(OutOfSession.ForwardTo) && ForwardTo().IsNone)
            yield return new("VoiceProxy:OutOfSession:ForwardTo is not a phone number; use E.164, e.g. +442079460000.");
        foreach (var (tag, texts) in Messages.Languages)
        {
            if (Language.Canonical(tag).IsNone)
                yield return new($"VoiceProxy:Messages:Languages:{tag} is not a language Vonage's talk action speaks; use BCP-47, e.g. es-ES.");
            foreach (var key in texts.MissingPrompts())
                yield return new($"VoiceProxy:Messages:Languages:{tag}:{key} is missing: a language's spoken prompts are all " +
                    "set or none (a voice must not read another language's words).");
        }
    }
}

/// <summary><c>VoiceProxy:OutOfSession:*</c>: what happens to callers who are in no conversation.</summary>
public sealed class OutOfSessionOptions
{
    /// <summary>A line (e.g. support) to put them through to; unset: they hear Messages:OutOfSession.</summary>
    public string? ForwardTo { get; set; }

    /// <summary>Ask the backend first (signed with VoiceProxy:Callbacks:Secret); the above is what happens when it does not answer.</summary>
    [Url(ErrorMessage = "VoiceProxy:OutOfSession:CallbackUrl must be an absolute http(s) URL.")]
    public string? CallbackUrl { get; set; }

    /// <summary>How long the backend has to answer; the answer webhook's whole budget is Vonage's.</summary>
    [Range(100, 3000, ErrorMessage = "VoiceProxy:OutOfSession:CallbackTimeoutMilliseconds must be between 100 and 3000.")]
    public int CallbackTimeoutMilliseconds { get; set; } = 1500;
}

/// <summary>The <c>VoiceProxy:Messages:*</c> texts: spoken ones and the SMS templates. Defaults come from
/// <see cref="Prompts.Default"/> and <see cref="Notification"/>, their one home.</summary>
public sealed class MessageOptions
{
    [Required] public string Connecting { get; set; } = Prompts.Default.Connecting;
    [Required] public string NotInService { get; set; } = Prompts.Default.NotInService;
    [Required] public string Ended { get; set; } = Prompts.Default.Ended;
    [Required] public string OutOfSession { get; set; } = Prompts.Default.OutOfSession;
    [Required] public string Unavailable { get; set; } = Prompts.Default.Unavailable;
    [Required] public string TemporarilyUnavailable { get; set; } = Prompts.Default.TemporarilyUnavailable;

    /// <summary>The SMS each participant gets; {number} is the number they should call.</summary>
    [Required] public string Sms { get; set; } = Notification.DefaultTemplate;

    /// <summary>The same for a voice-and-message conversation: replies reach the other person.</summary>
    [Required] public string SmsVoiceAndMessage { get; set; } = Notification.DefaultMessagingTemplate;

    /// <summary>The same for a message-only conversation.</summary>
    [Required] public string SmsMessageOnly { get; set; } = Notification.DefaultTextOnlyTemplate;

    /// <summary>What a caller hears when the backend's intercept callback blocks the call.</summary>
    [Required] public string Blocked { get; set; } = Prompts.Default.Blocked;

    /// <summary>What a participant of a message-only conversation hears on calling it.</summary>
    [Required] public string MessagesOnly { get; set; } = Prompts.Default.MessagesOnly;

    /// <summary>
    /// Per language (BCP-47, as Vonage's talk action names it): every spoken prompt, and the SMS
    /// templates where they differ; a conversation in a language with none here hears the texts above.
    /// </summary>
    public Dictionary<string, LanguageMessages> Languages { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The set-up text for a conversation's mode, in its language where that has its own template.</summary>
    public string SmsFor(Channels channels, string? language = null)
    {
        var own = Core.Conversations.Language.Canonical(language).Bind(l => Optional(Languages.GetValueOrDefault(l)));
        return Notification.TemplateFor(channels,
            own.Bind(t => Optional(t.Sms)).IfNone(Sms),
            own.Bind(t => Optional(t.SmsVoiceAndMessage)).IfNone(SmsVoiceAndMessage),
            own.Bind(t => Optional(t.SmsMessageOnly)).IfNone(SmsMessageOnly));
    }
}

/// <summary><c>VoiceProxy:Messages:Languages:{language}:*</c>: the same texts as <see cref="MessageOptions"/>, in one language.</summary>
public sealed class LanguageMessages
{
    public string? Connecting { get; set; }
    public string? NotInService { get; set; }
    public string? Ended { get; set; }
    public string? OutOfSession { get; set; }
    public string? Unavailable { get; set; }
    public string? TemporarilyUnavailable { get; set; }
    public string? MessagesOnly { get; set; }
    public string? Blocked { get; set; }
    public string? Sms { get; set; }
    public string? SmsVoiceAndMessage { get; set; }
    public string? SmsMessageOnly { get; set; }

    Seq<(string Key, string? Text)> Spoken => Seq(
        (nameof(Connecting), Connecting), (nameof(NotInService), NotInService), (nameof(Ended), Ended),
        (nameof(OutOfSession), OutOfSession), (nameof(Unavailable), Unavailable),
        (nameof(TemporarilyUnavailable), TemporarilyUnavailable), (nameof(MessagesOnly), MessagesOnly), (nameof(Blocked), Blocked));

    public Seq<string> MissingPrompts() => Spoken.Filter(s => string.IsNullOrWhiteSpace(s.Text)).Map(s => s.Key);

    /// <summary>The prompts, when every one is set.</summary>
    public Option<Prompts> Prompts(string language) =>
        MissingPrompts().IsEmpty
            ? new Prompts(Connecting!, NotInService!, Ended!, OutOfSession!, Unavailable!, TemporarilyUnavailable!, MessagesOnly!,
                Blocked!, language)
            : None;
}
