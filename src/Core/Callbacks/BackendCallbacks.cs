using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Callbacks;

/// <summary>
/// Which conversation events the backend hears of, and what each callback says. Participants are
/// named by role and masked number only, unless <c>includeNumbers</c>: a callback travels to
/// another system, and a real number is what this service exists to keep.
/// </summary>
public static class BackendCallbacks
{
    public static readonly Seq<string> Types = Seq(
        "conversation.created", "conversation.updated", "conversation.closed", "conversation.expired",
        "call.started", "call.answered", "call.completed", "call.refused",
        "sms.sent", "sms.failed", "sms.delivered", "conversation.erased");

    /// <param name="conversation">The conversation as it stands after the event.</param>
    public static Option<CallbackMessage> For(ConversationEvent e, Conversation conversation, bool includeNumbers)
    {
        var about = About(conversation, includeNumbers);
        return e switch
        {
            Opened o => new CallbackMessage("conversation.created", o.OpenedAt,
                new CallbackData(about with { Status = "active" })),
            ExpiryChanged x => new CallbackMessage("conversation.updated", x.At,
                new CallbackData(about with { ExpiresAt = x.To })),
            // Which side changed, never who: the callback names participants by role and masked number.
            ParticipantReplaced p => new CallbackMessage("conversation.updated", p.At, new CallbackData(about)),
            Closed c => new CallbackMessage("conversation.closed", c.ClosedAt, new CallbackData(about with { Status = "closed" })),
            Expired x => new CallbackMessage("conversation.expired", x.ExpiredAt, new CallbackData(about with { Status = "expired" })),
            ParticipantNotified n => new CallbackMessage("sms.sent", n.At,
                new CallbackData(about, Sms: new CallbackText(Role.Of(n.Side), n.MessageId, null))),
            NotificationFailed f => new CallbackMessage("sms.failed", f.At,
                new CallbackData(about, Sms: new CallbackText(Role.Of(f.Side), null, f.Reason))),
            TextDelivered d => new CallbackMessage("sms.delivered", d.At,
                new CallbackData(about, Sms: new CallbackText(Role.Of(d.Side), d.MessageId, null))),
            TextUndelivered u => new CallbackMessage("sms.failed", u.At,
                new CallbackData(about, Sms: new CallbackText(Role.Of(u.Side), u.MessageId,
                    u.ErrorCode is null ? u.Status : $"{u.Status} (err-code {u.ErrorCode})"))),
            CallEventRecorded r => Call(r.Call, conversation).Map(c => new CallbackMessage(c.Type, r.Call.Timestamp,
                new CallbackData(about, Call: c.Call))),
            // Its participants now read "erased": a backend that keeps copies can erase its own.
            PersonalDataErased x => new CallbackMessage("conversation.erased", x.At, new CallbackData(about)),
            _ => None,
        };
    }

    /// <summary>
    /// A call has two legs: the caller's inbound one (started) and our connect to the other
    /// participant (answered, then completed, busy, no answer…). Each callback comes from the
    /// leg that tells it, so a call is started once, answered at most once and completed once.
    /// A call that starts after the conversation ended was refused: call.refused, and nothing more.
    /// </summary>
    static Option<(string Type, CallbackCall Call)> Call(CallEvent e, Conversation c)
    {
        var caller = CallerOf(e, c);
        if (caller.IsNone) return None;
        var role = caller.Map(Role.Of).Head();
        var status = e.Status.Value;
        return e.Direction switch
        {
            // A participant calling after the conversation ended heard "this conversation has ended".
            CallDirection.Inbound when e.Status == CallStatus.Started && !c.WasLiveAt(e.Timestamp) =>
                ("call.refused", new CallbackCall(e.Uuid, role, status, "conversation-ended", null)),
            CallDirection.Inbound when e.Status == CallStatus.Started =>
                ("call.started", new CallbackCall(e.Uuid, role, status, null, null)),
            CallDirection.Outbound when e.Status == CallStatus.Answered =>
                ("call.answered", new CallbackCall(e.Uuid, role, status, null, null)),
            CallDirection.Outbound when Outcome(e.Status) is { } outcome =>
                ("call.completed", new CallbackCall(e.Uuid, role, status, outcome, e.DurationSeconds)),
            _ => None,
        };
    }

    /// <summary>How a connect ended, in words a backend can count; none for statuses that are not an end.</summary>
    public static string? Outcome(CallStatus status) =>
        status == CallStatus.Completed ? "answered"
        : status == CallStatus.Busy ? "busy"
        : status == CallStatus.Timeout || status == CallStatus.Unanswered ? "no-answer"
        : status == CallStatus.Failed || status == CallStatus.Rejected ? "failed"
        : status == CallStatus.Cancelled ? "cancelled"
        : null;

    // The inbound leg comes from the caller's real number; our connect goes to the callee's. Once
    // erased, neither is known: a call event queued after the erasure tells no caller, so no callback.
    static Option<Side> CallerOf(CallEvent e, Conversation c)
    {
        var (from, to) = (PhoneNumber.DigitsOf(e.From), PhoneNumber.DigitsOf(e.To));
        return e.Direction switch
        {
            CallDirection.Inbound when from == c.A.Number.Digits => Side.A,
            CallDirection.Inbound when from == c.B.Number.Digits => Side.B,
            CallDirection.Outbound when to == c.B.Number.Digits => Side.A,
            CallDirection.Outbound when to == c.A.Number.Digits => Side.B,
            _ => None,
        };
    }

    static CallbackConversation About(Conversation c, bool includeNumbers) =>
        new(c.Id, c.Reference, c.Status.ToString().ToLowerInvariant(),
            Person(c.A, includeNumbers), Person(c.B, includeNumbers), c.ExpiresAt);

    static CallbackParticipant Person(Participant p, bool includeNumbers) =>
        new(includeNumbers ? p.Number.E164 : p.Number.Masked, p.VirtualNumber.E164);
}
