using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Callbacks;

namespace VoiceProxy.Core.Tests.Callbacks;

/// <summary>
/// Callbacks reach the backend at least once and in order per conversation: whatever the
/// receiver does (fails, times out after taking it) and whatever is redelivered, the receiver,
/// dropping repeats by id, sees each conversation's events exactly once, in their order.
/// </summary>
public class CallbackDeliveryProperties
{
    static readonly RetryPolicy Policy = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), TimeSpan.FromDays(365));

    /// <summary>What the receiver does with one attempt.</summary>
    public enum Reply { Accept, Refuse, TakeButTimeOut }

    /// <summary>One tick of the world: the receiver's next replies, and a redelivery asked for (or not).</summary>
    public sealed record Tick(Reply Reply, int? Redeliver, double Jitter);

    static Gen<Tick> Ticks =>
        from reply in Gen.Elements(Reply.Accept, Reply.Refuse, Reply.TakeButTimeOut)
        from redeliver in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 30).Select(i => (int?)i)))
        from jitter in Gen.Choose(0, 100).Select(i => i / 100.0)
        select new Tick(reply, redeliver, jitter);

    static List<CallbackDelivery> Queue(int[] eventsPerConversation)
    {
        var now = Some.Epoch;
        return eventsPerConversation.SelectMany((n, c) => Enumerable.Range(1, n).Select(v =>
            new CallbackDelivery($"msg_{c}_{v}", new Guid(c + 1, 0, 0, new byte[8]), v, "t", new Uri("https://backend.example/cb"),
                $"{c}:{v}", DeliveryState.Pending, 0, now, now))).ToList();
    }

    [Property(MaxTest = 300)]
    public Property After_dropping_repeats_by_id_the_receiver_sees_every_conversation_in_order_exactly_once() =>
        Prop.ForAll(Gen.Choose(1, 6).ArrayOf().Select(a => a.Take(4).ToArray()).Where(a => a.Length > 0).ToArbitrary(),
            Ticks.ListOf().ToArbitrary(),
            (eventsPerConversation, ticks) =>
            {
                var queue = Queue(eventsPerConversation);
                var received = new List<CallbackDelivery>();
                var now = Some.Epoch;
                var script = ticks.Concat(Enumerable.Repeat(new Tick(Reply.Accept, null, 0.5), 1000)).GetEnumerator();
                for (var step = 0; step < 2000 && queue.Any(d => d.State == DeliveryState.Pending); step++)
                {
                    script.MoveNext();
                    var tick = script.Current;
                    if (tick.Redeliver is { } r && queue.Count > 0)
                    {
                        var i = r % queue.Count;
                        queue[i] = CallbackRules.Redeliver(queue[i], now);
                    }
                    foreach (var conversation in CallbackRules.Due(queue, now))
                        foreach (var d in conversation)
                        {
                            // The receiver keeps what it took, even when we never hear its answer.
                            if (tick.Reply != Reply.Refuse) received.Add(d);
                            var after = CallbackRules.AfterAttempt(d, tick.Reply == Reply.Accept, "", now, Policy, tick.Jitter);
                            queue[queue.FindIndex(q => q.Id == d.Id)] = after;
                            if (after.State != DeliveryState.Delivered) break;
                        }
                    // On to the next second, or to the next retry if nothing is due before it.
                    var next = queue.Where(d => d.State == DeliveryState.Pending).Select(d => d.NextAttemptAt).DefaultIfEmpty(now).Min();
                    now = next > now + TimeSpan.FromSeconds(1) ? next : now + TimeSpan.FromSeconds(1);
                }
                Assert.All(queue, d => Assert.Equal(DeliveryState.Delivered, d.State));
                var firstSeen = received.DistinctBy(d => d.Id).GroupBy(d => d.ConversationId)
                    .ToDictionary(g => g.Key, g => g.Select(d => d.Sequence).ToArray());
                foreach (var conversation in queue.GroupBy(d => d.ConversationId))
                    Assert.Equal(conversation.Select(d => d.Sequence).Order().ToArray(), firstSeen[conversation.Key]);
            });

    [Property]
    public Property The_delay_doubles_up_to_its_cap_and_stays_in_its_upper_half(PositiveInt attempts, double jitter) =>
        Prop.ToProperty(Check(attempts.Get, double.IsFinite(jitter) ? Math.Abs(jitter % 1) : 0));

    static bool Check(int attempts, double jitter)
    {
        var delay = CallbackRules.Backoff(attempts, Policy, jitter);
        var full = Math.Min(Policy.FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30)),
            Policy.MaxDelay.TotalMilliseconds);
        return delay.TotalMilliseconds >= full / 2 - 1e-6 && delay.TotalMilliseconds <= full + 1e-6;
    }

    [Fact]
    public void A_callback_is_marked_failed_once_its_retry_window_has_run_out()
    {
        var policy = new RetryPolicy(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        var d = Queue([1])[0];
        var now = Some.Epoch;
        while (d.State == DeliveryState.Pending)
        {
            now = d.NextAttemptAt;
            d = CallbackRules.AfterAttempt(d, false, "503", now, policy, 1);
        }
        Assert.Equal(DeliveryState.Failed, d.State);
        Assert.InRange(now - Some.Epoch, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal("503", d.LastResult);
        var again = CallbackRules.Redeliver(d, now);
        Assert.Equal((DeliveryState.Pending, now, d.Id, d.Payload), (again.State, again.NextAttemptAt, again.Id, again.Payload));
    }

    [Fact]
    public void A_conversations_later_callbacks_wait_for_the_one_being_retried()
    {
        var queue = Queue([3]);
        var failed = CallbackRules.AfterAttempt(queue[0], false, "500", Some.Epoch, Policy, 0);
        Assert.Empty(CallbackRules.Due([failed, queue[1], queue[2]], Some.Epoch));
        Assert.Equal(new long[] { 1, 2, 3 },
            CallbackRules.Due([failed, queue[1], queue[2]], failed.NextAttemptAt).Single().Map(d => d.Sequence).ToArray());
    }
}
