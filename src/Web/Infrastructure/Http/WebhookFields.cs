using System.Text.Json;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// The flat fields of a Vonage webhook, from the query string (GET) or a JSON body (POST).
/// A body that is not a JSON object yields no fields rather than an error: the answer webhook
/// must still answer with an NCCO.
/// </summary>
public sealed record WebhookFields(IReadOnlyDictionary<string, string> Values)
{
    public string? this[string name] => Values.TryGetValue(name, out var v) ? v : null;

    public static WebhookFields FromQuery(IQueryCollection query) =>
        new(query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));

    public static async Task<WebhookFields> FromBody(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? new(doc.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                    .ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal))
                : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    static readonly WebhookFields Empty = new(new Dictionary<string, string>());

    static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
