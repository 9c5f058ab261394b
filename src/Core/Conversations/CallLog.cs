using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>Who called whom in a conversation: A dialed B's virtual number, or B dialed A's.</summary>
public enum CallWay { AtoB, BtoA, Unknown }

/// <summary>One call of a conversation, as its legs' events tell it.</summary>
public sealed record CallRecord(
    string Uuid, CallWay Direction, Option<DateTimeOffset> StartedAt, Option<DateTimeOffset> AnsweredAt,
    Option<DateTimeOffset> EndedAt, Option<int> DurationSeconds, CallStatus Status);

/// <summary>
/// The call log: Vonage's leg events grouped into calls. A function of the <em>set</em> of
/// events — duplicates and arrival order cannot change it, and Vonage gives us both.
/// </summary>
public static class CallLog
{
    public static Seq<CallRecord> Of(Conversation c, IEnumerable<CallEvent> events) =>
        toSeq(events.DistinctBy(e => e.Key)
            .GroupBy(e => e.ConversationUuid ?? e.Uuid)
            .Select(call => Record(c, call.ToList()))
            .OrderBy(r => r.StartedAt.IfNone(DateTimeOffset.MaxValue))
            .ThenBy(r => r.Uuid, StringComparer.Ordinal)
            .ToList());

    static CallRecord Record(Conversation c, List<CallEvent> legs)
    {
        var inbound = legs.Where(e => e.Direction == CallDirection.Inbound).Select(e => e.Uuid).Order(StringComparer.Ordinal);
        return new CallRecord(
            inbound.FirstOrDefault() ?? legs.Select(e => e.Uuid).Min(StringComparer.Ordinal)!,
            legs.Select(e => Direction(c, e)).Somes().Order().HeadOrNone().IfNone(CallWay.Unknown),
            Earliest(legs.Where(e => e.Status == CallStatus.Started || e.Status == CallStatus.Ringing).Concat(legs)),
            Earliest(legs.Where(e => e.Status == CallStatus.Answered)),
            Latest(legs.Where(e => e.Status.IsFinal)),
            Duration(legs),
            Status(legs));
    }

    // A→B: A dials B's virtual number (inbound leg), or B is rung from A's (outbound leg).
    static Option<CallWay> Direction(Conversation c, CallEvent e) =>
        (PhoneNumber.DigitsOf(e.From), PhoneNumber.DigitsOf(e.To)) switch
        {
            var (f, t) when (f == c.A.Number.Digits && t == c.B.VirtualNumber.Digits)
                || (f == c.A.VirtualNumber.Digits && t == c.B.Number.Digits) => CallWay.AtoB,
            var (f, t) when (f == c.B.Number.Digits && t == c.A.VirtualNumber.Digits)
                || (f == c.B.VirtualNumber.Digits && t == c.A.Number.Digits) => CallWay.BtoA,
            _ => None,
        };

    // Talk time is the connected (outbound) leg's: the inbound leg also counts the greeting and
    // any fallback message, so a busy callee's call has no duration at all.
    static Option<int> Duration(List<CallEvent> legs)
    {
        var connected = legs.Any(e => e.Direction == CallDirection.Outbound) ? legs.Where(e => e.Direction == CallDirection.Outbound) : legs;
        return connected.Where(e => e.Status == CallStatus.Completed && e.DurationSeconds.HasValue)
            .Select(e => e.DurationSeconds!.Value).OrderDescending().HeadOrNone();
    }

    // A failure on any leg (busy, unanswered, …) says more than the other leg's "completed".
    static CallStatus Status(List<CallEvent> legs) =>
        legs.Where(e => e.Status.NeedsFallback).Select(e => e.Status).OrderBy(s => s.Value, StringComparer.Ordinal)
            .FirstOrDefault()
        ?? (legs.Any(e => e.Status == CallStatus.Completed) ? CallStatus.Completed
            : legs.OrderByDescending(e => e.Timestamp).ThenBy(e => e.Status.Value, StringComparer.Ordinal).First().Status);

    static Option<DateTimeOffset> Earliest(IEnumerable<CallEvent> events) =>
        events.Select(e => e.Timestamp).OrderBy(t => t).HeadOrNone();

    static Option<DateTimeOffset> Latest(IEnumerable<CallEvent> events) =>
        events.Select(e => e.Timestamp).OrderByDescending(t => t).HeadOrNone();
}
