using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>
/// The set-up texts' pace (<see cref="TextPace"/>): never faster than the account's rate allows,
/// served in order, and no wait when the account has had a quiet second.
/// </summary>
public class TextPaceProperties
{
    static readonly DateTimeOffset Zero = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A rate, and reservations as a sender makes them: some texts, some milliseconds after the one before.</summary>
    static Gen<(int PerSecond, (int Texts, int GapMs)[] Asked)> Reservations =>
        from perSecond in Gen.Choose(1, 60)
        from asked in Gen.ArrayOf(Gen.Zip(Gen.Choose(1, TextPace.Burst(perSecond)), Gen.Frequency(
            (3, Gen.Constant(0)), (3, Gen.Choose(1, 100)), (1, Gen.Choose(100, 3000)))))
        select (perSecond, asked);

    /// <summary>When each reservation's texts go, as the sender would see it.</summary>
    static (DateTimeOffset AskedAt, DateTimeOffset Goes, int Texts)[] Run(int perSecond, (int Texts, int GapMs)[] asked)
    {
        var pace = TextPace.Start(perSecond, Zero);
        var now = Zero;
        var runs = new List<(DateTimeOffset, DateTimeOffset, int)>();
        foreach (var (texts, gap) in asked)
        {
            now = now.AddMilliseconds(gap);
            (var wait, pace) = TextPace.Reserve(pace, texts, now);
            Assert.True(wait >= TimeSpan.Zero);
            runs.Add((now, now + wait, texts));
        }
        return runs.ToArray();
    }

    [Property(MaxTest = 500)]
    public Property Over_any_stretch_no_more_go_than_the_rate_and_one_burst() =>
        Prop.ForAll(Reservations.ToArbitrary(), t =>
        {
            var runs = Run(t.PerSecond, t.Asked);
            for (var i = 0; i < runs.Length; i++)
                for (int j = i, sum = 0; j < runs.Length; j++)
                {
                    sum += runs[j].Texts;
                    var allowed = TextPace.Burst(t.PerSecond) + (runs[j].Goes - runs[i].Goes).TotalSeconds * t.PerSecond;
                    Assert.True(sum <= allowed + 1e-6, $"{sum} texts went in {(runs[j].Goes - runs[i].Goes).TotalMilliseconds} ms at {t.PerSecond}/s");
                }
        });

    [Property(MaxTest = 500)]
    public Property Texts_go_in_the_order_reserved() =>
        Prop.ForAll(Reservations.ToArbitrary(), t =>
        {
            var runs = Run(t.PerSecond, t.Asked);
            for (var i = 1; i < runs.Length; i++) Assert.True(runs[i].Goes >= runs[i - 1].Goes);
        });

    [Property(MaxTest = 500)]
    public Property After_a_quiet_second_a_burst_goes_at_once() =>
        Prop.ForAll(Reservations.ToArbitrary(), t =>
        {
            var runs = Run(t.PerSecond, t.Asked);
            for (var i = 0; i < runs.Length; i++)
            {
                // Nothing reserved went within the second before this reservation, nor goes after it.
                var quiet = runs.Take(i).All(r => r.Goes <= runs[i].AskedAt.AddSeconds(-1));
                if (quiet) Assert.Equal(runs[i].AskedAt, runs[i].Goes);
            }
        });

    [Property(MaxTest = 200)]
    public Property Kept_busy_it_sends_at_the_rate() =>
        Prop.ForAll(Gen.Choose(1, 60).ToArbitrary(), Gen.Choose(2, 200).ToArbitrary(), (perSecond, reservations) =>
        {
            // All asked at once, one text each: the last goes when the rate says, not later (a clock
            // tick a slot at most: each wait is rounded up to one).
            var runs = Run(perSecond, Enumerable.Repeat((1, 0), reservations).ToArray());
            var expected = Math.Max(0, reservations - TextPace.Burst(perSecond)) / (double)perSecond;
            Assert.InRange((runs[^1].Goes - Zero).TotalSeconds, expected, expected + reservations * 1e-7);
        });

    [Fact]
    public void More_than_a_burst_at_once_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TextPace.Reserve(TextPace.Start(25, Zero), 26, Zero));
}
