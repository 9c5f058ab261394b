using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Callbacks;

/// <summary>
/// The delivery rules for callbacks. Delivery is at least once: a callback is retried until the
/// backend answers 2xx or its retry window runs out, and may arrive more than once (a crash
/// after sending, a redelivery): the id lets the backend drop repeats. Order is kept per
/// conversation: a conversation's next callback waits until the one before it is settled.
/// </summary>
public static class CallbackRules
{
    /// <summary>
    /// The callbacks to send now, per conversation in order: each conversation's pending ones
    /// from its first, as far as they are due. Callbacks after one that is waiting to retry wait too.
    /// </summary>
    public static Seq<Seq<CallbackDelivery>> Due(IEnumerable<CallbackDelivery> pending, DateTimeOffset now) =>
        toSeq(pending.Where(d => d.State == DeliveryState.Pending)
            .GroupBy(d => d.ConversationId)
            .Select(g => toSeq(g.OrderBy(d => d.Sequence).TakeWhile(d => d.NextAttemptAt <= now)))
            .Where(s => !s.IsEmpty));

    /// <summary>
    /// After one attempt: delivered on a 2xx; otherwise retried after a delay that doubles each
    /// time up to the cap, drawn with <paramref name="jitter"/> (0..1) from its upper half so
    /// many failed callbacks do not return together; failed once the window has run out.
    /// </summary>
    public static CallbackDelivery AfterAttempt(
        CallbackDelivery d, bool accepted, string result, DateTimeOffset now, RetryPolicy policy, double jitter)
    {
        var tried = d with { Attempts = d.Attempts + 1, LastAttemptAt = now, LastResult = result };
        if (accepted) return tried with { State = DeliveryState.Delivered };
        var next = now + Backoff(tried.Attempts, policy, jitter);
        return next - d.PendingSince > policy.GiveUpAfter
            ? tried with { State = DeliveryState.Failed }
            : tried with { NextAttemptAt = next };
    }

    public static TimeSpan Backoff(int attempts, RetryPolicy policy, double jitter)
    {
        var doubled = policy.FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(doubled, policy.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + 0.5 * Math.Clamp(jitter, 0, 1)));
    }

    /// <summary>Sends a callback again, whatever became of it, with a fresh retry window: same id, same payload.</summary>
    public static CallbackDelivery Redeliver(CallbackDelivery d, DateTimeOffset now) =>
        d with { State = DeliveryState.Pending, PendingSince = now, NextAttemptAt = now };
}
