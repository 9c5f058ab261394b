using System.Text.Json.Serialization;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// Shapes for the OpenAPI document only: the webhooks read Vonage's fields by hand (so a
/// malformed request still gets an NCCO) and write NCCOs by hand (NccoJson).
/// </summary>
public static class WebhookDocs
{
    public const string AnswerDescription = """
        Vonage's answer webhook. Always 200 with an NCCO. A routed call gets, for example:
        [{"action":"talk","text":"Please wait while we connect your call."},{"action":"connect","from":"447700900001","endpoint":[{"type":"phone","number":"447400123456"}],"timeout":45,"limit":7200,"eventType":"synchronous","eventUrl":["https://proxy.example.com/webhooks/event?conversation=…"],"eventMethod":"POST"}]
        Anything else gets a spoken refusal with no phone number in it.
        """;

    public const string EventDescription =
        "Vonage's event webhook. Records the call event on its conversation's audit trail (once per leg and " +
        "status). 204; or, for our connect's synchronous eventUrl when the callee is busy or does not answer, " +
        """200 with a fallback NCCO: [{"action":"talk","text":"Sorry, the person you are calling is not available. …"}].""";

    /// <summary>An answer webhook request (Vonage sends these as query parameters, or JSON when POST is chosen).</summary>
    public sealed record AnswerRequest(
        string From, string To, string Uuid,
        [property: JsonPropertyName("conversation_uuid")] string ConversationUuid);

    /// <summary>An event webhook request (the fields we read).</summary>
    public sealed record EventRequest(
        string Uuid, string Status, string? From, string? To, string? Direction, string? Timestamp, string? Duration,
        [property: JsonPropertyName("conversation_uuid")] string? ConversationUuid);

    /// <summary>One NCCO action as we emit it (talk, or connect to a phone endpoint).</summary>
    public sealed record NccoAction(
        string Action, string? Text, string? From, PhoneEndpoint[]? Endpoint, int? Timeout, int? Limit,
        string? EventType, string[]? EventUrl, string? EventMethod);

    public sealed record PhoneEndpoint(string Type, string Number);
}
