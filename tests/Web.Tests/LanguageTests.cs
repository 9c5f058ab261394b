using System.Net;
using System.Text;
using System.Text.Json;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// A conversation may carry a language: its participants hear the configured texts of that
/// language, each talk carrying it so Vonage's voice matches the words, and are texted in it.
/// </summary>
[Trait("Category", "Integration")]
public class LanguageTests
{
    static readonly Dictionary<string, string?> Spanish = new()
    {
        ["VoiceProxy:Messages:Languages:es-ES:Connecting"] = "Espere mientras conectamos su llamada.",
        ["VoiceProxy:Messages:Languages:es-ES:NotInService"] = "Lo sentimos, este número no está en servicio.",
        ["VoiceProxy:Messages:Languages:es-ES:Ended"] = "Lo sentimos, esta conversación ha terminado.",
        ["VoiceProxy:Messages:Languages:es-ES:OutOfSession"] = "Lo sentimos, este número no está en servicio.",
        ["VoiceProxy:Messages:Languages:es-ES:Unavailable"] = "Lo sentimos, la persona no está disponible.",
        ["VoiceProxy:Messages:Languages:es-ES:TemporarilyUnavailable"] = "Inténtelo de nuevo en unos minutos.",
        ["VoiceProxy:Messages:Languages:es-ES:MessagesOnly"] = "Este número solo admite mensajes.",
        ["VoiceProxy:Messages:Languages:es-ES:Blocked"] = "Esta llamada no se puede conectar.",
        ["VoiceProxy:Messages:Languages:es-ES:Sms"] = "Para hablar con la otra persona, llame al {number}.",
    };

    sealed record Sms(string From, string To, string Text);

    [Fact]
    public void The_languages_are_exactly_those_of_Vonage_s_NCCO_schema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vonage", "ncco-schema.json")));
        var vonage = schema.RootElement.GetProperty("definitions").GetProperty("languages").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(vonage.Order(StringComparer.Ordinal), Language.Supported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_conversation_in_Spanish_is_spoken_and_texted_to_in_Spanish_and_others_in_English()
    {
        await using var app = new VoiceProxyApp(await TestPostgres.CreateDatabase(), Spanish);
        using var http = app.CreateClient();
        var (status, created) = await http.CreateConversation(new { userA = "+447911132001", userB = "+447400132001", language = "es-es" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("es-ES", created.Str("language"));
        var (id, va, vb) = (created.Str("id"), Digits(created.Str("userA", "virtualNumber")), Digits(created.Str("userB", "virtualNumber")));

        // Answer validates every NCCO against Vonage's schema, language included.
        var ncco = await http.Answer("447911132001", vb);
        Assert.Equal(("Espere mientras conectamos su llamada.", "es-ES"), (ncco[0].Str("text"), ncco[0].Str("language")));

        // A failed connect's fallback is in Spanish too: the eventUrl names the language, no lookup needed.
        var eventUrl = new Uri(ncco[1].GetProperty("eventUrl")[0].GetString()!);
        var busy = $$"""{"uuid":"out-es","status":"busy","from":"{{va}}","to":"447400132001","direction":"outbound"}""";
        using (var response = await http.PostAsync(eventUrl.PathAndQuery, new StringContent(busy, Encoding.UTF8, "application/json")))
        {
            var fallback = (await Ncco(response))[0];
            Assert.Equal(("Lo sentimos, la persona no está disponible.", "es-ES"), (fallback.Str("text"), fallback.Str("language")));
        }

        await http.Texted(id);
        var texts = await http.TextsTo<Sms>("+447911132001");
        Assert.Equal($"Para hablar con la otra persona, llame al +{vb}.", Assert.Single(texts).Text);

        // A stranger learns nothing from the language: the default words, the default voice.
        Assert.Equal(Refusal, (await http.Answer("447400132999", vb)).GetRawText());
        // A conversation without a language, or in one with no texts configured, is spoken to as before.
        foreach (var language in new[] { null, "fr-FR" })
        {
            var (_, other) = await http.CreateConversation(new { userA = "+447911132002", userB = $"+4474001320{(language is null ? "02" : "03")}", language });
            var talk = (await http.Answer("447911132002", Digits(other.Str("userB", "virtualNumber"))))[0];
            Assert.Equal("Please wait while we connect your call.", talk.Str("text"));
            Assert.False(talk.TryGetProperty("language", out _));
        }
    }

    [Fact]
    public async Task An_unknown_language_is_named_and_a_language_configured_by_halves_stops_start_up()
    {
        await using (var app = new VoiceProxyApp(await TestPostgres.CreateDatabase()))
        {
            using var http = app.CreateClient();
            var (status, body) = await http.CreateConversation(new { userA = "+447911132004", userB = "+447400132004", language = "klingon" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.True(body.GetProperty("errors").TryGetProperty("language", out _), body.ToString());
        }

        var half = new Dictionary<string, string?>(Spanish.Where(kv => !kv.Key.EndsWith(":Ended", StringComparison.Ordinal)));
        await using var broken = new VoiceProxyApp(await TestPostgres.CreateDatabase(), half);
        Assert.Contains("VoiceProxy:Messages:Languages:es-ES:Ended is missing", Assert.ThrowsAny<Exception>(() => broken.StartServer()).ToString());
    }
}
