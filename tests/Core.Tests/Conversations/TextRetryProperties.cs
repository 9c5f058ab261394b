using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>
/// A set-up text the provider certainly did not take waits in the conversation and is sent again
/// (<see cref="TextRetry"/>): never before its time, never twice, by one deliverer at a time, for
/// an hour at most; crashes anywhere cost no text and text no one twice.
/// </summary>
public class TextRetryProperties
{
    const string Template = Notification.DefaultTemplate;
    const string Refused = "Vonage answered 503";

    static Conversation LongLived() => Conversation.Evolve(null, ConversationDecider.Decide(
        Some.Open() with { ExpiresAt = Some.Epoch.AddDays(1) }, null).RightToSeq().Flatten().Head())!;

    // One conversation's commands in one transaction, as ConversationStore.HandleMany appends
    // them: one refused, none is appended.
    static Option<Conversation> ApplyAll(Conversation c, IEnumerable<ConversationCommand> commands) =>
        commands.Aggregate(Option<Conversation>.Some(c), (state, command) => state.Bind(s =>
            ConversationDecider.Decide(command, s).Match(
                Right: events => Option<Conversation>.Some(events.Fold((Conversation?)s, Conversation.Evolve)!),
                Left: _ => Option<Conversation>.None)));

    /// <summary>How far one delivery got before its process died.</summary>
    public enum Reached { Nothing, Claimed, Sent, Recorded }

    /// <param name="Taken">Each reference the provider took, and how many times.</param>
    sealed record World(Conversation State, Map<string, int> Taken, DateTimeOffset Now, bool ProviderCanTell);

    /// <summary>One delivery as <c>TextDelivery</c> makes it: plan, claim, send, record; cut short at <paramref name="reached"/>.</summary>
    static World Deliver(World w, TextTurn turn, Reached reached, bool takes)
    {
        var plan = Notification.Plan(w.State, Template, w.Now, turn);
        if (reached == Reached.Nothing) return w;
        var claims = plan.Record + plan.Send.Map(n => (ConversationCommand)new ClaimText(n.Recipient, w.Now, n.Round));
        var claimed = ApplyAll(w.State, claims);
        if (claimed.IsNone) return w; // another delivery claimed one first: this one sends nothing
        var c = claimed.IfNone(w.State);
        if (reached == Reached.Claimed) return w with { State = c };
        var taken = takes ? plan.Send.Fold(w.Taken, (t, n) => t.AddOrUpdate(n.Reference, k => k + 1, 1)) : w.Taken;
        if (reached == Reached.Sent) return w with { State = c, Taken = taken };
        var settled = plan.Interrupted.Map(n => Notification.AfterInterruption(n,
            !w.ProviderCanTell ? new TextLookup.Unknown()
            : taken.ContainsKey(n.Reference) ? new TextLookup.Sent(n.Reference) : new TextLookup.NotSent(), c.IsLiveAt(w.Now), w.Now));
        var resent = settled.Lefts();
        taken = takes ? resent.Fold(taken, (t, n) => t.AddOrUpdate(n.Reference, k => k + 1, 1)) : taken;
        var outcomes = settled.Rights() + (plan.Send + resent).Map(n => takes
            ? (ConversationCommand)new RecordNotified(n.Recipient, n.Reference, w.Now, n.Round)
            : new RecordTextNotSent(n.Recipient, Refused, w.Now, n.Round));
        return w with { State = Some.Apply(c, outcomes), Taken = taken };
    }

    static Seq<string> References(TextPlan plan) => (plan.Send + plan.Interrupted).Map(n => n.Reference);

    static Gen<(TextTurn Turn, Reached Reached, bool Takes, int GapSeconds)> Steps =>
        from turn in Gen.Elements(TextTurn.First, TextTurn.Retry)
        from reached in Gen.Frequency((1, Gen.Constant(Reached.Nothing)), (1, Gen.Constant(Reached.Claimed)),
            (1, Gen.Constant(Reached.Sent)), (4, Gen.Constant(Reached.Recorded)))
        from takes in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from gap in Gen.Frequency((3, Gen.Choose(0, 3)), (2, Gen.Choose(4, 400)), (1, Gen.Choose(400, 1200)))
        select (turn, reached, takes, gap);

    [Property(MaxTest = 300)]
    public Property Refusals_and_crashes_anywhere_then_a_provider_that_takes_settle_each_text_once_and_text_no_one_twice() =>
        Prop.ForAll(Steps.ListOf().ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (steps, providerCanTell) =>
        {
            var w = new World(LongLived(), Map<string, int>.Empty, Some.Epoch, providerCanTell);
            foreach (var (turn, reached, takes, gap) in steps)
            {
                w = w with { Now = w.Now.AddSeconds(gap) };
                // One deliverer per text: the hand-over from the events and the retries never plan the same one.
                Assert.Empty(References(Notification.Plan(w.State, Template, w.Now, TextTurn.First))
                    .Intersect(References(Notification.Plan(w.State, Template, w.Now, TextTurn.Retry))));
                w = Deliver(w, turn, reached, takes);
            }
            // Then the provider takes every text: both deliverers run at each due instant until nothing is left.
            for (var round = 0; round < 20 && !new[] { Side.A, Side.B }.All(s => Conversation.IsSettled(w.State.TextTo(s))); round++)
            {
                var due = new[] { w.State.TextWaitA?.Due, w.State.TextWaitB?.Due }.Where(d => d > w.Now).Min();
                w = w with { Now = due ?? w.Now };
                w = Deliver(Deliver(w, TextTurn.First, Reached.Recorded, takes: true), TextTurn.Retry, Reached.Recorded, takes: true);
            }
            Assert.All(w.Taken.Values, count => Assert.Equal(1, count));
            foreach (var side in new[] { Side.A, Side.B })
            {
                var outcome = w.State.TextTo(side);
                var taken = w.Taken.ContainsKey(Notification.ReferenceOf(w.State.Id, side));
                Assert.True(outcome is TextOutcome.Sent or TextOutcome.Failed, $"{side} is {outcome}");
                Assert.Null(w.State.TextWaitFor(side));
                // Recorded sent: it went. A provider that can tell: it went only if recorded sent.
                if (outcome == TextOutcome.Sent) Assert.True(taken);
                if (providerCanTell) Assert.Equal(outcome == TextOutcome.Sent, taken);
            }
        });

    [Fact]
    public void A_text_that_never_goes_is_tried_for_an_hour_on_a_doubling_wait_then_recorded_failed_with_why()
    {
        var w = new World(LongLived(), Map<string, int>.Empty, Some.Epoch, ProviderCanTell: true);
        w = Deliver(w, TextTurn.First, Reached.Recorded, takes: false);
        var tries = new List<DateTimeOffset> { w.Now };
        while (w.State.TextToA == TextOutcome.Pending && tries.Count < 100)
        {
            var wait = w.State.TextWaitA!;
            // Not a moment early: before its time, the retry plans nothing and a claim is refused.
            Assert.Empty(Notification.Plan(w.State, Template, wait.Due.AddTicks(-1), TextTurn.Retry).Send);
            Assert.IsType<ConversationError.TextNotDue>(ConversationDecider.Decide(
                new ClaimText(Side.A, wait.Due.AddTicks(-1)), w.State).LeftToSeq().Single());
            w = Deliver(w with { Now = wait.Due }, TextTurn.Retry, Reached.Recorded, takes: false);
            tries.Add(w.Now);
        }
        var waits = tries.Zip(tries.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300], waits.Take(10));
        Assert.All(waits.Skip(10), s => Assert.Equal(300, s));
        Assert.InRange(tries[^1] - tries[0], TextRetry.GiveUpAfter, TextRetry.GiveUpAfter + TextRetry.LongestWait);
        Assert.Equal(TextOutcome.Failed, w.State.TextToA);
        Assert.Null(w.State.TextWaitA);
        Assert.Empty(w.Taken);
    }

    [Fact]
    public void A_retried_text_claimed_and_abandoned_is_looked_up_once_the_claim_is_stale_not_while_it_may_be_in_flight()
    {
        var w = new World(LongLived(), Map<string, int>.Empty, Some.Epoch, ProviderCanTell: true);
        w = Deliver(w, TextTurn.First, Reached.Recorded, takes: false);
        var due = w.State.TextWaitA!.Due;
        w = Deliver(w with { Now = due }, TextTurn.Retry, Reached.Sent, takes: true); // went, then the process died
        Assert.Equal(TextOutcome.Sending, w.State.TextToA);
        var stale = due + TextRetry.ClaimAbandonedAfter;
        Assert.Empty(Notification.Plan(w.State, Template, stale.AddTicks(-1), TextTurn.Retry).Interrupted);
        Assert.Empty(Notification.Plan(w.State, Template, stale, TextTurn.First).Interrupted);
        w = Deliver(w with { Now = stale }, TextTurn.Retry, Reached.Recorded, takes: true);
        Assert.Equal(TextOutcome.Sent, w.State.TextToA);
        Assert.Equal(1, w.Taken[Notification.ReferenceOf(w.State.Id, Side.A)]);
    }

    [Fact]
    public void A_replaced_participant_s_waiting_text_waits_no_more_the_newcomer_is_texted_at_once()
    {
        var w = new World(LongLived(), Map<string, int>.Empty, Some.Epoch, ProviderCanTell: true);
        w = Deliver(w, TextTurn.First, Reached.Recorded, takes: false);
        Assert.NotNull(w.State.TextWaitB);
        var replaced = Some.Apply(w.State, [new ReplaceParticipant(Side.B, Some.Number("+447400999001"), Some.BobsVirtual,
            Some.AlicesVirtual, Some.Epoch)]);
        Assert.Null(replaced.TextWaitB);
        Assert.Equal([Side.B], Notification.Plan(replaced, Template, Some.Epoch, TextTurn.First).Send.Map(n => n.Recipient).ToArray());
        // A's text still waits, and only the retry sends it.
        Assert.Equal([Side.A], Notification.Plan(replaced, Template, replaced.TextWaitA!.Due, TextTurn.Retry).Send.Map(n => n.Recipient).ToArray());
    }

    [Property]
    public Property Each_wait_doubles_from_a_second_to_at_most_five_minutes(PositiveInt n) =>
        (TextRetry.WaitAfter(n.Get + 1) == TimeSpan.FromTicks(Math.Min(2 * TextRetry.WaitAfter(n.Get).Ticks, TextRetry.LongestWait.Ticks))
         && TextRetry.WaitAfter(1) == TextRetry.FirstWait).ToProperty();
}
