using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Background work yields to calls: slow answers halve how much of it may run at once, calm
/// ones give it back, and a backlog is slowed, never stuck.
/// </summary>
public class CallsFirstTests
{
    const BackgroundWork Texts = BackgroundWork.SetupTexts;
    static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(200), Fast = TimeSpan.FromMilliseconds(1);

    static (CallsFirst Gate, FakeTimeProvider Clock) Gate(int targetMs = 20)
    {
        var clock = new FakeTimeProvider();
        var gate = new CallsFirst(clock, Options.Create(new CallsFirstOptions { AnswerTargetMilliseconds = targetMs }));
        gate.Started();
        return (gate, clock);
    }

    // One window's answers, then the window closes.
    static void Window(CallsFirst gate, FakeTimeProvider clock, params TimeSpan[] answers)
    {
        foreach (var took in answers) gate.Answered(took);
        clock.Advance(CallsFirst.Window);
    }

    [Fact]
    public void Without_calls_background_work_runs_at_full_speed()
    {
        var (gate, _) = Gate();

        var turns = Enumerable.Range(0, CallsFirst.Most).Select(_ => gate.Wait(Texts, CancellationToken.None).AsTask()).ToList();

        Assert.All(turns, t => Assert.True(t.IsCompleted));
        Assert.False(gate.Wait(Texts, CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task Until_the_instance_has_started_background_work_only_trickles()
    {
        var clock = new FakeTimeProvider();
        var gate = new CallsFirst(clock, Options.Create(new CallsFirstOptions()));
        using (await gate.Wait(Texts, CancellationToken.None)) { }

        var next = gate.Wait(Texts, CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(next.IsCompleted);
        Assert.Equal(0, gate.Limit);

        gate.Started();
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(CallsFirst.Most, gate.Limit);
    }

    [Fact]
    public void Each_kind_of_work_has_its_own_turns()
    {
        var (gate, _) = Gate();
        for (var i = 0; i < CallsFirst.Most; i++) _ = gate.Wait(BackgroundWork.Callbacks, CancellationToken.None).AsTask();
        Assert.False(gate.Wait(BackgroundWork.Callbacks, CancellationToken.None).AsTask().IsCompleted);

        // A receiver that holds every callback turn does not hold up the set-up texts.
        Assert.True(gate.Wait(Texts, CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public void Each_window_with_slow_answers_halves_the_limit_down_to_zero()
    {
        var (gate, clock) = Gate();
        Window(gate, clock, Fast); // the first window opens with the first answer

        var limits = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            Window(gate, clock, Fast, Slow);
            limits.Add(gate.Limit);
        }

        Assert.Equal([4, 2, 1, 0, 0], limits);
    }

    [Fact]
    public void Calm_windows_give_back_one_turn_each_up_to_the_most()
    {
        var (gate, clock) = Gate();
        Window(gate, clock, Fast);
        for (var i = 0; i < 4; i++) Window(gate, clock, Slow);
        Assert.Equal(0, gate.Limit);

        var limits = new List<int>();
        for (var i = 0; i < CallsFirst.Most + 2; i++)
        {
            Window(gate, clock, Fast, Fast);
            limits.Add(gate.Limit);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 8, 8], limits);
    }

    [Fact]
    public async Task A_turn_waits_while_answers_are_slow_and_starts_when_one_is_given_back()
    {
        var (gate, clock) = Gate();
        Window(gate, clock, Fast);
        Window(gate, clock, Slow); // 8 → 4
        var held = new List<CallsFirst.Turn>();
        for (var i = 0; i < 4; i++) held.Add(await gate.Wait(Texts, CancellationToken.None));

        var fifth = gate.Wait(Texts, CancellationToken.None).AsTask();
        gate.Answered(Fast); // calls still coming: no return to full speed
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(fifth.IsCompleted);

        held[0].Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await fifth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task At_zero_one_turn_a_second_still_starts_so_a_backlog_is_never_stuck()
    {
        var (gate, clock) = Gate();
        Window(gate, clock, Fast);
        for (var i = 0; i < 4; i++) Window(gate, clock, Slow);
        Assert.Equal(0, gate.Limit);
        // A turn started a moment ago (the trickle); the next waits out the second.
        using (await gate.Wait(Texts, CancellationToken.None)) { }

        var next = gate.Wait(Texts, CancellationToken.None).AsTask();
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMilliseconds(900); elapsed += CallsFirst.Window)
            Window(gate, clock, Slow);
        Assert.False(next.IsCompleted);

        Window(gate, clock, Slow);
        Window(gate, clock, Slow);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, gate.Limit);
    }

    [Fact]
    public void A_second_without_answers_restores_full_speed()
    {
        var (gate, clock) = Gate();
        Window(gate, clock, Fast);
        for (var i = 0; i < 4; i++) Window(gate, clock, Slow);
        Assert.Equal(0, gate.Limit);

        clock.Advance(CallsFirst.Quiet + TimeSpan.FromMilliseconds(1));

        Assert.Equal(CallsFirst.Most, gate.Limit);
    }

    [Fact]
    public void With_no_target_background_work_never_yields()
    {
        var (gate, clock) = Gate(targetMs: 0);
        for (var i = 0; i < 4; i++) Window(gate, clock, Slow);

        var turns = Enumerable.Range(0, 3 * CallsFirst.Most).Select(_ => gate.Wait(Texts, CancellationToken.None).AsTask()).ToList();

        Assert.All(turns, t => Assert.True(t.IsCompleted));
    }

    [Theory]
    [InlineData(8, 50, 1, 4)]   // one slow answer in fifty: halve
    [InlineData(8, 200, 2, 8)]  // one in a hundred: the p99 held, calm (already at the most)
    [InlineData(3, 200, 3, 1)]  // more than one in a hundred: halve
    [InlineData(1, 10, 1, 0)]   // halving one stops background work
    [InlineData(0, 10, 0, 1)]   // calm: one back
    [InlineData(5, 0, 0, 5)]    // no answers: nothing learned
    public void The_limit_follows_the_window(int limit, int answers, int slow, int expected) =>
        Assert.Equal(expected, BackgroundLimit.After(limit, answers, slow));
}
