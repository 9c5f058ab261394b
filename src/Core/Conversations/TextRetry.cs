namespace VoiceProxy.Core.Conversations;

/// <summary>
/// A set-up text waiting to be sent again: the provider certainly did not take it (out of reach,
/// 503, throttled) <paramref name="NotSent"/> times, the first at <paramref name="Since"/>; it is
/// looked at again at <paramref name="Due"/>. While claimed (sending), <paramref name="Due"/> is
/// when the claim counts as abandoned (<see cref="TextRetry.ClaimAbandonedAfter"/>).
/// </summary>
public sealed record TextWait(int NotSent, DateTimeOffset Since, DateTimeOffset Due)
{
    /// <summary>The wait after a text did not go once more, at <paramref name="at"/>: counted, due at <paramref name="due"/>.</summary>
    public static TextWait Next(TextWait? before, DateTimeOffset at, DateTimeOffset due) =>
        before is null ? new(1, at, due) : new(before.NotSent + 1, before.Since, due);
}

/// <summary>
/// When a set-up text the provider certainly did not take is due again. Its claim is released
/// and it waits in the event store, not in a process: a wait outlasts a restart, and an outage of
/// up to an hour costs no participant their number. A text the provider may have had (a 500, a
/// timeout) is never retried: its participant could be texted twice.
/// </summary>
public static class TextRetry
{
    /// <summary>The wait after the first time a text did not go; each after waits twice the one before.</summary>
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait: through a long outage the text is tried every five minutes.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a text goes on being tried after it first did not go; the first failure past it is
    /// recorded as the text's outcome. A text that would come hours late helps no one.
    /// </summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// A retried text claimed this long ago and still without an outcome was abandoned (its process
    /// stopped): it is then looked up like any interrupted text. Far longer than a send takes
    /// (one HTTP request, bounded by <c>Vonage:TimeoutSeconds</c>), so a text still in flight is never taken for one.
    /// </summary>
    public static readonly TimeSpan ClaimAbandonedAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait after the <paramref name="notSent"/>-th time a text did not go (1-based).</summary>
    public static TimeSpan WaitAfter(int notSent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(notSent, 1);
        // Doubling from 1 s passes five minutes at the tenth: no need to shift further.
        return notSent > 9 ? LongestWait : TimeSpan.FromTicks(Math.Min(FirstWait.Ticks << (notSent - 1), LongestWait.Ticks));
    }

    /// <summary>
    /// The wait after a text did not go once more (<paramref name="before"/>: its wait so far, if
    /// any), or none: it has been tried for <see cref="GiveUpAfter"/> and is recorded failed.
    /// </summary>
    public static TextWait? After(TextWait? before, DateTimeOffset now)
    {
        var next = TextWait.Next(before, now, now);
        return now - next.Since >= GiveUpAfter ? null : next with { Due = now + WaitAfter(next.NotSent) };
    }

    /// <summary>Why a text is recorded failed after <see cref="GiveUpAfter"/> of tries.</summary>
    public static string GaveUp(string reason) =>
        $"{reason}; the provider had not taken the text an hour after the first try, so it is no longer tried";
}
