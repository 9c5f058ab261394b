namespace VoiceProxy.Core.Routing;

/// <summary>What callers hear. Configurable texts; none of them may hold a phone number.</summary>
/// <param name="OutOfSession">For a caller who is in no conversation on the number they dialed.</param>
/// <param name="Unavailable">When the person called is busy or does not answer.</param>
/// <param name="TemporarilyUnavailable">When the route cannot be decided in time (the database is out of reach).</param>
/// <param name="MessagesOnly">For a participant calling a conversation that carries text messages only.</param>
/// <param name="Blocked">When the backend's intercept callback blocks the call.</param>
/// <param name="Language">The language the texts are in, carried on each talk so the voice matches the
/// words; none: Vonage's default voice (the defaults are English).</param>
/// <remarks>
/// <see cref="Default"/> is the one home of each default text: the settings
/// (<c>VoiceProxy:Messages:*</c>) start from it, and nothing else repeats it.
/// </remarks>
public sealed record Prompts(
    string Connecting, string NotInService, string Ended, string OutOfSession, string Unavailable,
    string TemporarilyUnavailable, string MessagesOnly, string Blocked, string? Language = null)
{
    /// <summary>Only speech, in these prompts' language.</summary>
    public CallControl.Ncco Say(string text) => CallControl.Ncco.Say(text, Language);

    public static readonly Prompts Default = new(
        Connecting: "Please wait while we connect your call.",
        NotInService: "Sorry, this number is not in service. Goodbye.",
        Ended: "Sorry, this conversation has ended. Goodbye.",
        OutOfSession: "Sorry, this number is not in service. Goodbye.",
        Unavailable: "Sorry, the person you are calling is not available. Please try again later. Goodbye.",
        TemporarilyUnavailable: "Sorry, we cannot connect your call right now. Please try again in a few minutes. Goodbye.",
        MessagesOnly: "Sorry, this number takes text messages only. Goodbye.",
        Blocked: "Sorry, this call cannot be connected. Goodbye.");
}
