using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Core.Tests.Conversations;

public class CallLogProperties
{
    static readonly Conversation Alice_and_Bob = Some.Opened();

    /// <summary>The events Vonage sends for one call: an inbound leg and, once connected, an outbound leg.</summary>
    static IEnumerable<CallEvent> OneCall(string id, bool aToB, int start, int talk, string outcome)
    {
        var c = Alice_and_Bob;
        var (caller, dialed, callerId, callee) = aToB
            ? (c.A.Number, c.B.VirtualNumber, c.A.VirtualNumber, c.B.Number)
            : (c.B.Number, c.A.VirtualNumber, c.B.VirtualNumber, c.A.Number);
        CallEvent In(string status, int at, int? duration = null) => new($"in-{id}", CallStatus.Of(status), $"CON-{id}",
            caller.Digits, dialed.Digits, CallDirection.Inbound, Some.Epoch.AddSeconds(start + at), duration);
        CallEvent Out(string status, int at, int? duration = null) => new($"out-{id}", CallStatus.Of(status), $"CON-{id}",
            callerId.Digits, callee.Digits, CallDirection.Outbound, Some.Epoch.AddSeconds(start + at), duration);
        yield return In("started", 0);
        yield return In("answered", 1);
        yield return Out("started", 2);
        yield return Out("ringing", 3);
        if (outcome == "completed")
        {
            yield return Out("answered", 5);
            yield return Out("completed", 5 + talk, talk);
            yield return In("completed", 6 + talk, talk + 6);
        }
        else
        {
            yield return Out(outcome, 20);
            yield return In("completed", 25, 25);
        }
    }

    static Gen<List<CallEvent>> Calls =>
        from count in Gen.Choose(1, 4)
        from calls in Gen.ListOf(
            from aToB in Gen.Elements(true, false)
            from talk in Gen.Choose(1, 3600)
            from outcome in Gen.Elements("completed", "busy", "unanswered", "failed")
            select (aToB, talk, outcome), count)
        select calls.SelectMany((c, i) => OneCall(i.ToString(System.Globalization.CultureInfo.InvariantCulture), c.aToB, i * 10_000, c.talk, c.outcome)).ToList();

    /// <summary>Vonage's view of the same events: some delivered twice, all in any order.</summary>
    static Gen<(List<CallEvent>, List<CallEvent>)> Redelivered =>
        from events in Calls
        from again in Gen.SubListOf(events.ToArray())
        from shuffled in Gen.Shuffle(events.Concat(again).ToArray())
        select (events, shuffled.ToList());

    [Property(MaxTest = 300)]
    public Property The_log_is_the_same_whatever_the_order_and_duplicates() =>
        Prop.ForAll(Redelivered.ToArbitrary(), t =>
            Assert.Equal(CallLog.Of(Alice_and_Bob, t.Item1), CallLog.Of(Alice_and_Bob, t.Item2)));

    [Fact]
    public void A_full_call_is_one_entry_with_its_duration()
    {
        var log = CallLog.Of(Alice_and_Bob, OneCall("1", aToB: true, start: 0, talk: 42, outcome: "completed"));
        var call = Assert.Single(log);
        Assert.Equal(("in-1", CallWay.AtoB, CallStatus.Completed, 42), (call.Uuid, call.Direction, call.Status, call.DurationSeconds.IfNone(0)));
        Assert.Equal(Some.Epoch, call.StartedAt);
        Assert.Equal(Some.Epoch.AddSeconds(1), call.AnsweredAt);
        Assert.Equal(Some.Epoch.AddSeconds(48), call.EndedAt);
    }

    [Fact]
    public void A_busy_callee_shows_as_busy_from_b_to_a()
    {
        var call = Assert.Single(CallLog.Of(Alice_and_Bob, OneCall("2", aToB: false, start: 0, talk: 0, outcome: "busy")));
        Assert.Equal((CallWay.BtoA, CallStatus.Busy), (call.Direction, call.Status));
        Assert.True(call.DurationSeconds.IsNone);
    }
}
