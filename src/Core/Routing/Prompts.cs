namespace VoiceProxy.Core.Routing;

/// <summary>What callers hear. Configurable texts; none of them may hold a phone number.</summary>
public sealed record Prompts(string Connecting, string NotInService, string Ended)
{
    public static readonly Prompts Default = new(
        Connecting: "Please wait while we connect your call.",
        NotInService: "Sorry, this number is not in service. Goodbye.",
        Ended: "Sorry, this conversation has ended. Goodbye.");
}
