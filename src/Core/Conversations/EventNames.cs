using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// The name each event is stored under in the audit trail. Stored events keep their names for
/// ever, so renaming a C# type never orphans them: a name here is added, never changed. A new
/// event is named here, next to its definition, and nowhere else.
/// </summary>
public static class EventNames
{
    public static readonly IReadOnlyList<(Type Event, string Name)> All =
    [
        (typeof(Opened), "conversation_opened"),
        (typeof(Closed), "conversation_closed"),
        (typeof(Expired), "conversation_expired"),
        (typeof(ExpiryChanged), "conversation_expiry_changed"),
        (typeof(TextSending), "text_sending"),
        (typeof(TextNotSent), "text_not_sent"),
        (typeof(ParticipantNotified), "participant_notified"),
        (typeof(NotificationFailed), "notification_failed"),
        (typeof(CallEventRecorded), "call_event_recorded"),
        (typeof(TextDelivered), "text_delivered"),
        (typeof(MessageRelayed), "message_relayed"),
        (typeof(CallIntercepted), "call_intercepted"),
        (typeof(TextUndelivered), "text_undelivered"),
        (typeof(ParticipantReplaced), "participant_replaced"),
        (typeof(MessageIntercepted), "message_intercepted"),
        (typeof(TextRequested), "text_requested"),
        (typeof(PersonalDataErased), "personal_data_erased"),
    ];
}
