using VoiceProxy.Core.Callbacks;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>One callback's delivery as the REST API shows it.</summary>
/// <param name="Id">The webhook-id the receiver sees: the same on every attempt.</param>
/// <param name="State">pending, delivered or failed (retried until the window ran out).</param>
/// <param name="LastResult">The last attempt's HTTP status, or why there was none.</param>
/// <param name="NextAttemptAt">When it is tried next, while pending.</param>
public sealed record CallbackView(
    string Id, string Type, string Url, string State, int Attempts, DateTimeOffset? LastAttemptAt, string? LastResult,
    DateTimeOffset? NextAttemptAt)
{
    public static CallbackView Of(CallbackDelivery d) =>
        new(d.Id, d.Type, d.Url.OriginalString, d.State.ToString().ToLowerInvariant(), d.Attempts, d.LastAttemptAt, d.LastResult,
            d.State == DeliveryState.Pending ? d.NextAttemptAt : null);
}
