using NJsonSchema;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>Vonage's own NCCO schema: every NCCO a test receives must pass it.</summary>
public static class NccoSchema
{
    static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Vonage", "ncco-schema.json"))
            .GetAwaiter().GetResult());

    public static IReadOnlyList<string> Errors(string json) =>
        Schema.Value.Validate(json).Select(e => e.ToString()).ToList();

    public static void AssertValid(string json) =>
        Assert.True(Errors(json).Count == 0, $"NCCO fails Vonage's schema: {string.Join("; ", Errors(json))}\n{json}");
}
