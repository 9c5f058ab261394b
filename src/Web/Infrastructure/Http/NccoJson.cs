using System.Text.Json;
using VoiceProxy.Core.CallControl;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>
/// Writes an NCCO exactly as Vonage's NCCO reference shapes it. Hand-written rather than
/// reflected: it is the answer webhook's whole response, and the shape is the contract.
/// </summary>
public static class NccoJson
{
    public static byte[] Serialize(Ncco ncco)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var action in ncco.Actions) Write(json, action);
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }

    public static IResult ToResult(this Ncco ncco) =>
        TypedResults.Bytes(Serialize(ncco), "application/json");

    static void Write(Utf8JsonWriter json, NccoAction action)
    {
        json.WriteStartObject();
        switch (action)
        {
            case NccoAction.Talk talk:
                json.WriteString("action", "talk");
                json.WriteString("text", talk.Text);
                if (talk.Language is not null) json.WriteString("language", talk.Language);
                break;
            case NccoAction.Connect connect:
                json.WriteString("action", "connect");
                json.WriteString("from", connect.From);
                json.WriteStartArray("endpoint");
                json.WriteStartObject();
                json.WriteString("type", "phone");
                json.WriteString("number", connect.Endpoint.Number);
                json.WriteEndObject();
                json.WriteEndArray();
                Write(json, connect.Options);
                break;
        }
        json.WriteEndObject();
    }

    static void Write(Utf8JsonWriter json, ConnectOptions options)
    {
        if (options.Timeout is { } timeout) json.WriteNumber("timeout", timeout);
        if (options.Limit is { } limit) json.WriteNumber("limit", limit);
        foreach (var url in options.EventUrl)
        {
            // Synchronous: Vonage asks this URL what to do when the callee is busy or unavailable.
            json.WriteString("eventType", "synchronous");
            json.WriteStartArray("eventUrl");
            json.WriteStringValue(url);
            json.WriteEndArray();
            json.WriteString("eventMethod", "POST");
        }
    }
}
