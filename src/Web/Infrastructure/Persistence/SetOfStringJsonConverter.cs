using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>LanguageExt's Set does not round-trip through System.Text.Json; store it as an array.</summary>
public sealed class SetOfStringJsonConverter : JsonConverter<Set<string>>
{
    public override Set<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Prelude.toSet(JsonSerializer.Deserialize<string[]>(ref reader, options) ?? []);

    public override void Write(Utf8JsonWriter writer, Set<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToArray(), options);
}
