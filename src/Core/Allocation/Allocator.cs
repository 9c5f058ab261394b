using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Allocation;

/// <summary>
/// What a participant already dials: the virtual numbers of their counterparts in their other
/// active conversations. A new counterpart may not stand behind one of these (invariant 1).
/// </summary>
public sealed record ParticipantLoad(PhoneNumber Participant, Set<PhoneNumber> Dials);

/// <summary>The virtual numbers chosen for a new conversation.</summary>
public sealed record Allocation(PhoneNumber ForA, PhoneNumber ForB);

/// <summary>Chooses virtual numbers for a new conversation. Pure.</summary>
public static class Allocator
{
    /// <summary>
    /// B dials the number that stands for A, so it must not be one B already dials; and the
    /// mirror image for A. Nothing else constrains the two (they may be equal).
    /// </summary>
    public static Either<ConversationError, Allocation> Choose(
        Seq<PhoneNumber> pool, ParticipantLoad a, ParticipantLoad b) =>
        from forA in FreeFor(pool, b)
        from forB in FreeFor(pool, a)
        select new Allocation(forA, forB);

    static Either<ConversationError, PhoneNumber> FreeFor(Seq<PhoneNumber> pool, ParticipantLoad dialer) =>
        pool.Find(n => !dialer.Dials.Contains(n))
            .ToEither<ConversationError>(new ConversationError.NoFreeNumber(dialer.Participant));
}
