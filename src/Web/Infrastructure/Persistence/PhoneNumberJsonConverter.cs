using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>Stores a PhoneNumber as its E.164 string; reading it back goes through PhoneNumber.Parse.</summary>
public sealed class PhoneNumberJsonConverter : JsonConverter<PhoneNumber>
{
    public override PhoneNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        StoredNumber.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, PhoneNumber value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.E164);
}
