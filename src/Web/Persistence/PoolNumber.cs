namespace VoiceProxy.Web.Persistence;

/// <summary>
/// A virtual number we rent, keyed by its E.164 form. A reserved number is never assigned to
/// new conversations, so it can drain before it is released.
/// </summary>
public sealed record PoolNumber(string Id, string Country, bool Reserved);
