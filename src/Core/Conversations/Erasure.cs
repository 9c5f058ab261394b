using VoiceProxy.Core.Numbers;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// What is left of a conversation's events once its personal data is erased. The participants'
/// real numbers go (they read <see cref="PhoneNumber.Erased"/>), and so do the numbers Vonage
/// reported for its calls and the words of relayed texts. What stays says what happened without
/// saying who: the virtual numbers (the service's own), times, statuses, ids and outcomes.
/// </summary>
/// <remarks>
/// One event at a time, knowing nothing else: the event store applies it to events already
/// stored, and the decider to events recorded after the erasure (a call that ends late).
/// A call event's numbers go whichever they were, the caller's or a virtual one: without the
/// conversation at hand an event cannot tell them apart.
/// </remarks>
public static class Erasure
{
    public static ConversationEvent Of(ConversationEvent e) => e switch
    {
        Opened o => o with { A = Of(o.A), B = Of(o.B) },
        ParticipantReplaced p => p with { Replaced = Of(p.Replaced), By = Of(p.By) },
        CallEventRecorded r => r with { Call = r.Call with { From = null, To = null } },
        MessageRelayed m => m with { Text = null },
        _ => e,
    };

    public static Participant Of(Participant p) => p with { Number = PhoneNumber.Erased };
}
