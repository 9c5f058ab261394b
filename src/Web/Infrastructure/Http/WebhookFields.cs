using System.Text.Json;
using LanguageExt;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// The flat fields of a Vonage webhook, from the query string (GET) or a JSON body (POST).
/// A body that is not one JSON object of distinct, well-formed fields is malformed: the answer
/// webhook still answers (with a refusal), the event webhook says 400.
/// </summary>
public sealed record WebhookFields(IReadOnlyDictionary<string, string> Values)
{
    public string? this[string name] => Values.TryGetValue(name, out var v) ? v : null;

    public static readonly WebhookFields Empty = new(new Dictionary<string, string>());

    public static WebhookFields FromQuery(IQueryCollection query) =>
        new(query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal));

    /// <returns>The fields, or why the body is malformed (no part of the body in it).</returns>
    public static async Task<Either<string, WebhookFields>> FromBody(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return "the body is not a JSON object";
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                // Which of two values Vonage meant cannot be known: refuse rather than guess.
                if (values.ContainsKey(p.Name)) return "a field appears twice";
                if (p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) values[p.Name] = Text(p.Value);
            }
            return new WebhookFields(values);
        }
        catch (JsonException)
        {
            return "the body is not well-formed JSON";
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate (e.g. "\ud800") is valid JSON but not text.
            return "a field is not valid Unicode text";
        }
    }

    /// <summary>
    /// The SMS API posts either JSON (POST-JSON) or a form (POST), as the account is set up; a
    /// form field sent twice is malformed, as in JSON.
    /// </summary>
    public static async Task<Either<string, WebhookFields>> FromJsonOrForm(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return await FromBody(request, ct);
        try
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Any(f => f.Value.Count > 1)) return "a field appears twice";
            return new WebhookFields(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
        }
        catch (InvalidDataException)
        {
            return "the form is malformed";
        }
    }

    static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
