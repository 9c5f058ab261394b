using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Stores a call status as the string Vonage sent, so events recorded before it was a type read
/// back unchanged, and the audit trail shows Vonage's own words.
/// </summary>
public sealed class CallStatusJsonConverter : JsonConverter<CallStatus>
{
    public override CallStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CallStatus.Of(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, CallStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}

/// <summary>Stores a call leg's direction as Vonage writes it ("inbound", "outbound"), as it was stored before it was a type.</summary>
public sealed class CallDirectionJsonConverter : JsonConverter<CallDirection>
{
    public override CallDirection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CallDirections.Parse(reader.GetString()) ?? throw new JsonException($"Not a call direction: {reader.GetString()}.");

    public override void Write(Utf8JsonWriter writer, CallDirection value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name());
}
