namespace VoiceProxy.Core.Conversations;

/// <summary>
/// One status of one call leg, as Vonage reported it to the event webhook. Numbers stay as
/// Vonage sent them: this is the audit record of what happened, not a routing input.
/// </summary>
public sealed record CallEvent(
    string Uuid,
    CallStatus Status,
    string? ConversationUuid,
    string? From,
    string? To,
    CallDirection? Direction,
    DateTimeOffset Timestamp,
    int? DurationSeconds)
{
    /// <summary>What makes a delivery the same one again: the leg and its status.</summary>
    public string Key => $"{Uuid}|{Status}";
}
