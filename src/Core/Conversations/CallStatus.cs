namespace VoiceProxy.Core.Conversations;

/// <summary>
/// One of Vonage's call statuses, as the event webhook reports it. Vonage adds statuses over
/// time, so a status the rules do not name is kept as sent (this is the audit record), and only
/// the ones a rule depends on are named here.
/// </summary>
public sealed record CallStatus
{
    public string Value { get; }

    private CallStatus(string value) => Value = value;

    public static readonly CallStatus Started = new("started");
    public static readonly CallStatus Ringing = new("ringing");
    public static readonly CallStatus Answered = new("answered");
    public static readonly CallStatus Completed = new("completed");
    public static readonly CallStatus Busy = new("busy");
    public static readonly CallStatus Unanswered = new("unanswered");
    public static readonly CallStatus Failed = new("failed");
    public static readonly CallStatus Rejected = new("rejected");
    public static readonly CallStatus Timeout = new("timeout");
    public static readonly CallStatus Cancelled = new("cancelled");
    public static readonly CallStatus Disconnected = new("disconnected");

    static readonly CallStatus[] Named =
        [Started, Ringing, Answered, Completed, Busy, Unanswered, Failed, Rejected, Timeout, Cancelled, Disconnected];

    /// <summary>The status Vonage sent; the caller has checked it is not empty.</summary>
    public static CallStatus Of(string reported) =>
        Array.Find(Named, s => s.Value == reported) ?? new CallStatus(reported);

    /// <summary>
    /// A connect that ends in one of these gets a fallback NCCO from a synchronous eventUrl,
    /// instead of silence (Vonage: connect with eventType synchronous).
    /// </summary>
    public bool NeedsFallback => this == Busy || this == Unanswered || this == Failed || this == Rejected
        || this == Timeout || this == Cancelled;

    /// <summary>Statuses after which a leg says no more.</summary>
    public bool IsFinal => NeedsFallback || this == Completed || this == Disconnected;

    public override string ToString() => Value;
}

/// <summary>Which way a Vonage call leg runs: into our number, or out from our connect.</summary>
public enum CallDirection { Inbound, Outbound }

public static class CallDirections
{
    /// <summary>Vonage's "inbound"/"outbound"; anything else (or nothing) is no direction.</summary>
    public static CallDirection? Parse(string? reported) =>
        reported switch
        {
            "inbound" => CallDirection.Inbound,
            "outbound" => CallDirection.Outbound,
            _ => null,
        };

    public static string Name(this CallDirection direction) => direction == CallDirection.Inbound ? "inbound" : "outbound";
}
