namespace VoiceProxy.Core.Routing;

/// <summary>What the backend's intercept callback decided for one call about to be connected.</summary>
/// <param name="Reason">403, another status, or why there was no answer.</param>
public sealed record InterceptDecision(bool Blocked, string Reason);

/// <summary>
/// The intercept rule (Twilio's intercept_callback_url): before a participant's call is
/// connected, or their text relayed, the backend is asked; a 403 blocks it, any other answer lets
/// it through, and no answer in time lets it through too (fail-open) unless the operator chose fail-closed.
/// </summary>
public static class Intercept
{
    /// <summary>Whom to ask: the conversation's own intercept URL, else the service's; none, nobody is asked.</summary>
    public static Uri? Target(Route route, Uri? serviceWide) => route.InterceptUrl ?? serviceWide;

    /// <param name="status">The backend's HTTP status; none when it did not answer in time.</param>
    public static InterceptDecision Decide(int? status, string? noAnswer, bool failClosed) =>
        status switch
        {
            403 => new InterceptDecision(true, "403"),
            { } other => new InterceptDecision(false, other.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            null => new InterceptDecision(failClosed, noAnswer ?? "no answer"),
        };
}
