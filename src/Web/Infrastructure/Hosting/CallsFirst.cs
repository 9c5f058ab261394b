using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Background work yields to calls. The set-up texts, the callbacks and the sandbox's receipts
/// share two cores and one database with the answer webhook; a restart on a backlog of 20,000
/// set-up texts worked it off flat out, and answers took 2–6 s for the first ten seconds after
/// ready, past the 1 s in which Vonage drops a call (docs/benchmarks.md). So each unit of
/// background work (one conversation's texts, one conversation's callbacks) first waits for a
/// turn, and how many turns may run at once follows the answers: every 100 ms window in which
/// answers ran over the target halves it, a calm window adds one back (additive increase,
/// multiplicative decrease, as TCP shares a link). A second with no answers: no call to protect,
/// full speed. At zero one unit still starts a second: a backlog waits while calls are slow,
/// but is never stuck. Per instance: an instance whose calls are slow slows only its own work.
/// Each kind of work (<see cref="BackgroundWork"/>) has its own turns under the one limit, as it
/// had its own eight workers before: a dead callback receiver holding its turns for seconds must
/// not hold up the set-up texts.
/// Until the instance has warmed up (<see cref="Started"/>) background work only trickles: at a
/// million conversations a backlog of 20,000 texts held the route load and the warm-up up, ready
/// after 49 s instead of 13.
/// </summary>
public sealed class CallsFirst(TimeProvider clock, IOptions<CallsFirstOptions> options)
{
    /// <summary>The most turns at once: what each kind of background work ran with before.</summary>
    public const int Most = 8;

    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Trickle = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    readonly TimeSpan target = TimeSpan.FromMilliseconds(options.Value.AnswerTargetMilliseconds);
    readonly Lock gate = new();
    readonly int[] running = new int[Enum.GetValues<BackgroundWork>().Length];
    readonly DateTimeOffset[] lastStart = Enumerable.Repeat(DateTimeOffset.MinValue, Enum.GetValues<BackgroundWork>().Length).ToArray();
    int limit = Most, answers, slow;
    volatile bool started;
    DateTimeOffset windowStart = DateTimeOffset.MinValue, lastAnswer = DateTimeOffset.MinValue;

    bool Enabled => target > TimeSpan.Zero;

    /// <summary>How many turns may run at once now (a gauge for operators).</summary>
    public int Limit
    {
        get { lock (gate) return started ? Refresh(clock.GetUtcNow()) : 0; }
    }

    /// <summary>The routes are loaded and the answer path warmed up: background work may run.</summary>
    public void Started() => started = true;

    /// <summary>An answer webhook took this long, from the first middleware to its response.</summary>
    public void Answered(TimeSpan took)
    {
        if (!Enabled) return;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            Roll(now);
            answers++;
            if (took > target) slow++;
            lastAnswer = now;
        }
    }

    /// <summary>Waits for a turn; dispose it when the unit of work is done.</summary>
    public async ValueTask<Turn> Wait(BackgroundWork work, CancellationToken ct)
    {
        while (!TryStart(work)) await Task.Delay(Poll, clock, ct);
        return new Turn(this, work);
    }

    bool TryStart(BackgroundWork work)
    {
        if (!Enabled) return true;
        var now = clock.GetUtcNow();
        var k = (int)work;
        lock (gate)
        {
            var admitted = (started && running[k] < Refresh(now)) || (running[k] == 0 && now - lastStart[k] >= Trickle);
            if (!admitted) return false;
            running[k]++;
            lastStart[k] = now;
            return true;
        }
    }

    void Done(BackgroundWork work)
    {
        if (!Enabled) return;
        lock (gate) running[(int)work]--;
    }

    // Under the lock.
    int Refresh(DateTimeOffset now)
    {
        Roll(now);
        if (now - lastAnswer > Quiet) limit = Most;
        return limit;
    }

    // Under the lock: a window that has run its 100 ms decides the limit by its answers.
    void Roll(DateTimeOffset now)
    {
        if (now - windowStart < Window) return;
        limit = BackgroundLimit.After(limit, answers, slow);
        (answers, slow, windowStart) = (0, 0, now);
    }

    public readonly struct Turn(CallsFirst owner, BackgroundWork work) : IDisposable
    {
        public void Dispose() => owner?.Done(work);
    }
}

/// <summary>The kinds of background work, each with its own turns.</summary>
public enum BackgroundWork { SetupTexts, SandboxReceipts, CallbackQueue, Callbacks, Erasures }

/// <summary>
/// Times the answer webhook from the first middleware, so the signature check and the replay
/// guard's round trip count: they are where a busy database shows.
/// </summary>
public static class AnswerTiming
{
    public static IApplicationBuilder UseAnswerTiming(this IApplicationBuilder app)
    {
        var callsFirst = app.ApplicationServices.GetRequiredService<CallsFirst>();
        return app.Use(async (context, next) =>
        {
            if (!IsAnswer(context.Request.Path))
            {
                await next(context);
                return;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                callsFirst.Answered(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        });
    }

    static bool IsAnswer(PathString path) => path.Equals("/webhooks/answer") || path.Equals("/proxy-call");
}

/// <summary>The rule, apart from the clock and the lock.</summary>
public static class BackgroundLimit
{
    /// <summary>
    /// A window with more slow answers than one in a hundred (any, when there were fewer than a
    /// hundred) halves the limit; a calm one adds one, up to <see cref="CallsFirst.Most"/>;
    /// a window without answers says nothing.
    /// </summary>
    public static int After(int limit, int answers, int slow) =>
        answers == 0 ? limit
        : slow > answers / 100 ? limit / 2
        : Math.Min(CallsFirst.Most, limit + 1);
}

public sealed class CallsFirstOptions
{
    public const string Section = "VoiceProxy:CallsFirst";

    /// <summary>An answer slower than this (ms, measured inside the service) is a call waiting on
    /// us; background work then slows down. 0: background work never yields.</summary>
    [Range(0, 10_000)]
    public int AnswerTargetMilliseconds { get; set; } = 20;
}
