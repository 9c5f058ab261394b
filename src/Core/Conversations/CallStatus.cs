namespace VoiceProxy.Core.Conversations;

/// <summary>Vonage's call statuses, as the event webhook reports them.</summary>
public static class CallStatus
{
    /// <summary>
    /// A connect that ends in one of these gets a fallback NCCO from a synchronous eventUrl,
    /// instead of silence (Vonage: connect with eventType synchronous).
    /// </summary>
    public static bool NeedsFallback(string status) =>
        status is "busy" or "unanswered" or "failed" or "rejected" or "timeout" or "cancelled";

    /// <summary>Statuses after which a leg says no more.</summary>
    public static bool IsFinal(string status) =>
        status is "completed" or "busy" or "unanswered" or "failed" or "rejected" or "timeout"
            or "cancelled" or "disconnected";
}
