namespace VoiceProxy.Core.Conversations;

/// <summary>
/// How fast texts may go to the provider: Vonage's SMS API refuses ("throttled") what an account
/// sends above its throughput (30 a second unless Vonage raised it). A token bucket: a second's
/// worth may go at once after a quiet spell, and from then on one every 1/<see cref="PerSecond"/> s.
/// <see cref="Since"/> in the future means every slot up to it is already promised to texts
/// waiting for it, and the next reservation queues behind them.
/// </summary>
/// <param name="Tokens">Texts that may go at <see cref="Since"/>, on top of those already promised.</param>
public sealed record TextPace(double PerSecond, double Tokens, DateTimeOffset Since)
{
    /// <summary>A full bucket: the first second's worth goes at once.</summary>
    public static TextPace Start(double perSecond, DateTimeOffset now) => new(perSecond, Burst(perSecond), now);

    /// <summary>The most texts that may go at once, and the most one reservation may ask for.</summary>
    public static int Burst(double perSecond) => Math.Max(1, (int)Math.Floor(perSecond));

    /// <summary>
    /// Reserves <paramref name="texts"/> (at most <see cref="Burst"/>) at <paramref name="now"/>:
    /// how long they wait for their slot, and the pace after them. Reservations are served in the
    /// order made, so none waits behind one made later.
    /// </summary>
    public static (TimeSpan Wait, TextPace Next) Reserve(TextPace pace, int texts, DateTimeOffset now)
    {
        if (texts < 1 || texts > Burst(pace.PerSecond))
            throw new ArgumentOutOfRangeException(nameof(texts), texts, $"Between 1 and {Burst(pace.PerSecond)} texts at once.");
        // Refilled up to the burst since the last reservation (a slot promised later keeps its debt).
        var at = now > pace.Since ? now : pace.Since;
        var tokens = Math.Min(Burst(pace.PerSecond), pace.Tokens + (at - pace.Since).TotalSeconds * pace.PerSecond);
        if (tokens >= texts) return (at - now, pace with { Tokens = tokens - texts, Since = at });
        // Rounded up to the clock's tick: rounded down, the slot would come a fraction too early.
        var goes = at + TimeSpan.FromTicks((long)Math.Ceiling((texts - tokens) / pace.PerSecond * TimeSpan.TicksPerSecond));
        return (goes - now, pace with { Tokens = 0, Since = goes });
    }
}
