using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The virtual numbers that stood for a pair of participants the last time they talked, kept
/// so a new conversation between them can reuse them (sticky: docs/architecture.md, invariant 6). Keyed by the pair
/// in a fixed order, so A–B and B–A are the same record.
/// </summary>
public sealed record PairRecord(string Id, Dictionary<string, string> StoodFor)
{
    public static string Key(PhoneNumber a, PhoneNumber b) =>
        string.CompareOrdinal(a.E164, b.E164) < 0 ? $"{a.Digits}|{b.Digits}" : $"{b.Digits}|{a.Digits}";

    public static PairRecord Of(Route route) =>
        new(Key(route.A.Number, route.B.Number), new()
        {
            [route.A.Number.E164] = route.A.VirtualNumber.E164,
            [route.B.Number.E164] = route.B.VirtualNumber.E164,
        });
}
