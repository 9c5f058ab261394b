namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// A virtual number we rent, keyed by its E.164 form. A reserved number is never assigned to
/// new conversations, so it can drain before it is released. Features as Vonage names them
/// (VOICE, SMS); only numbers with VOICE are assigned.
/// </summary>
public sealed record PoolNumber(string Id, string Country, bool Reserved, string[] Features)
{
    public static readonly string[] DefaultFeatures = ["VOICE", "SMS"];

    public bool CanCall => Features.Contains("VOICE", StringComparer.OrdinalIgnoreCase);
}
