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

    /// <summary>
    /// The pairs of participants a conversation has had, in order: its opening's, then one after
    /// each replacement. Each was given sticky numbers (invariant 6), which name both of them.
    /// </summary>
    public static IReadOnlyList<(Participant A, Participant B)> PairsIn(IEnumerable<ConversationEvent> events)
    {
        // A loop, not an iterator: the compiler's iterators read the thread id, which the core's architecture test forbids.
        var pairs = new List<(Participant A, Participant B)>();
        Conversation? state = null;
        foreach (var e in events)
        {
            state = Conversation.Evolve(state, e);
            if (e is Opened or ParticipantReplaced && state is not null) pairs.Add((state.A, state.B));
        }
        return pairs;
    }
}
