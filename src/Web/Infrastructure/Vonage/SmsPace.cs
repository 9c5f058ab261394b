using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Holds the set-up texts to <see cref="VonageOptions.SetupTextsPerSecond"/> (<see cref="TextPace"/>):
/// a burst of creations would otherwise send faster than Vonage accepts, and a text it refuses
/// is sent again only a few times before it is recorded failed, its participant never told
/// their number. Per instance: only the async daemon's leader sends set-up texts.
/// </summary>
public sealed class SmsPace(TimeProvider clock, IOptions<VonageOptions> options)
{
    readonly Lock gate = new();
    TextPace? pace;
    int waiting;

    /// <summary>Texts waiting for their slot now (a gauge: a burst's texts trailing it).</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Waits until <paramref name="texts"/> may go.</summary>
    public async Task Take(int texts, CancellationToken ct)
    {
        var perSecond = options.Value.SetupTextsPerSecond;
        if (perSecond <= 0) return;
        var left = texts;
        Interlocked.Add(ref waiting, left);
        try
        {
            while (left > 0)
            {
                var now = clock.GetUtcNow();
                var some = Math.Min(left, TextPace.Burst(perSecond));
                TimeSpan wait;
                lock (gate) (wait, pace) = TextPace.Reserve(pace ?? TextPace.Start(perSecond, now), some, now);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
                left -= some;
                Interlocked.Add(ref waiting, -some);
            }
        }
        finally
        {
            Interlocked.Add(ref waiting, -left); // cancelled while waiting: those no longer wait here
        }
    }
}
