using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// Swapping one participant for another in a live conversation (a reassigned driver): the
/// newcomer is validated like a participant of a new conversation, must not be the counterpart,
/// and takes the replaced person's place on the same side. Replacing someone by themselves changes nothing.
/// </summary>
public static class ParticipantReplacement
{
    public static Either<ConversationError, Seq<ConversationEvent>> Decide(ConversationCommand.ReplaceParticipant r, Conversation s)
    {
        var (replaced, counterpart) = (s.Of(r.Side), s.Of(Conversation.Other(r.Side)));
        if (!s.IsLiveAt(r.Now)) return new ConversationError.Ended(s.Id);
        if (r.Number == counterpart.Number)
            return new ConversationError.Invalid(Seq1(new InputError(Role.Of(r.Side), "must differ from the other participant")));
        if (r.Number == replaced.Number) return Seq<ConversationEvent>();
        return Seq1<ConversationEvent>(new ConversationEvent.ParticipantReplaced(
            r.Side, replaced, new Participant(r.Number, r.VirtualNumber), r.CounterpartVirtualNumber, r.Now));
    }
}
