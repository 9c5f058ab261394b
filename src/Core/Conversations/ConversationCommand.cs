using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Conversations;

/// <summary>What may be asked of a conversation. Time is an input: the core has no clock.</summary>
public abstract record ConversationCommand
{
    private ConversationCommand() { }

    public sealed record Open(
        Guid ConversationId,
        Participant A,
        Participant B,
        DateTimeOffset Now,
        DateTimeOffset ExpiresAt,
        BackendLink? Link = null,
        Channels Channels = Channels.Voice,
        string? Language = null) : ConversationCommand;

    public sealed record Close(DateTimeOffset Now) : ConversationCommand;

    /// <summary>Moves a live conversation's expiry (extend or shorten); to now or before ends it.</summary>
    public sealed record ChangeExpiry(DateTimeOffset ExpiresAt, DateTimeOffset Now) : ConversationCommand;

    /// <summary>
    /// Puts <paramref name="Number"/> in the place of the participant on <paramref name="Side"/>,
    /// standing in as <paramref name="VirtualNumber"/>, with the counterpart standing in as
    /// <paramref name="CounterpartVirtualNumber"/> (chosen by <see cref="Allocation.Allocator.Replacement"/>).
    /// </summary>
    public sealed record ReplaceParticipant(
        Side Side, PhoneNumber Number, PhoneNumber VirtualNumber, PhoneNumber CounterpartVirtualNumber, DateTimeOffset Now)
        : ConversationCommand;

    /// <summary>Records that the conversation has passed its expiry (the sweeper's command).</summary>
    public sealed record Expire(DateTimeOffset Now) : ConversationCommand;

    /// <summary>
    /// Sends a participant's set-up text again, as a new round: only while the conversation is live,
    /// and only once the last one has an outcome (one text on its way at a time).
    /// </summary>
    /// <param name="Key">The backend's Idempotency-Key, if it sent one: the same key again sends nothing more.</param>
    public sealed record RequestText(Side Side, DateTimeOffset Now, string? Key = null) : ConversationCommand;

    /// <summary>Claims a participant's set-up text before it is sent: at most one claim each.</summary>
    /// <param name="Round">The round the claimer planned: a plan made before a replacement claims nothing.</param>
    public sealed record ClaimText(Side Side, DateTimeOffset Now, int Round = 0) : ConversationCommand;

    /// <param name="Round">Which of the side's set-up texts (<see cref="Conversation.TextRound"/>): an
    /// outcome for a text sent before a replacement says nothing about the newcomer's.</param>
    public sealed record RecordNotified(Side Side, string MessageId, DateTimeOffset Now, int Round = 0)
        : ConversationCommand;

    public sealed record RecordNotificationFailed(Side Side, string Reason, DateTimeOffset Now, int Round = 0)
        : ConversationCommand;

    /// <summary>The provider certainly did not take the text: it is tried again later, or recorded failed after <see cref="TextRetry.GiveUpAfter"/>.</summary>
    public sealed record RecordTextNotSent(Side Side, string Reason, DateTimeOffset Now, int Round = 0) : ConversationCommand;

    /// <summary>A carrier's delivery receipt for a set-up text (Vonage's SMS delivery-receipt webhook).</summary>
    public sealed record RecordReceipt(Side Side, TextReceipt Receipt, int Round = 0) : ConversationCommand;

    /// <summary>Records a relayed text, once per Vonage message id (Vonage resends what it thinks was lost).</summary>
    public sealed record RecordRelay(Side From, string MessageId, string? Text, DateTimeOffset Now) : ConversationCommand;

    public sealed record RecordIntercept(Side Caller, bool Blocked, string Reason, DateTimeOffset Now) : ConversationCommand;

    public sealed record RecordMessageIntercept(Side From, string MessageId, bool Blocked, string Reason, DateTimeOffset Now)
        : ConversationCommand;

    public sealed record RecordCall(CallEvent Call) : ConversationCommand;

    /// <summary>
    /// Erases the conversation's personal data (<see cref="Erasure"/>): only once it has ended, since
    /// a live conversation needs its participants' numbers to connect them. Erased stays erased.
    /// </summary>
    public sealed record ErasePersonalData(DateTimeOffset Now) : ConversationCommand;
}
