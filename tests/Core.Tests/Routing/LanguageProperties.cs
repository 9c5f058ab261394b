using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>
/// A conversation in a language hears its language's texts, every talk carrying that language so
/// the voice matches the words; a language with no texts configured, and anyone who is not a
/// participant, hears the defaults in the default voice.
/// </summary>
public class LanguageProperties
{
    static readonly Prompts Spanish = new("Espere, por favor.", "Este número no está en servicio.", "Esta conversación ha terminado.",
        "Este número no está en servicio.", "La persona no está disponible.", "Inténtelo de nuevo más tarde.",
        "Este número solo admite mensajes.", "Esta llamada no se puede conectar.", "es-ES");

    static readonly CallSettings Settings = new(Prompts.Default, 45, "https://proxy.example.com/webhooks/event", None,
        Map(("es-ES", Spanish)));

    static Gen<string> AnyCase(string tag) =>
        Gen.ArrayOf(Gen.Elements(true, false), tag.Length)
            .Select(upper => string.Concat(tag.Select((ch, i) => upper[i] ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch))));

    [Property(MaxTest = 200)]
    public Property A_supported_language_in_any_case_reads_as_Vonage_spells_it() =>
        Prop.ForAll((from tag in Gen.Elements(Language.Supported.ToArray()) from written in AnyCase(tag) select (tag, written))
            .ToArbitrary(), t =>
        {
            var parsed = Language.Parse(t.written).SuccessToSeq().Head();
            Assert.Equal(Some(t.tag), parsed);
            // The same instance: a route cache entry holds a reference, not a copy.
            Assert.Same(t.tag, parsed.Head());
        });

    [Theory]
    [InlineData("xx-XX")]
    [InlineData("es")]
    [InlineData("no-NO")] // in voice.yml's list, not in the NCCO schema's: an NCCO carrying it would fail
    [InlineData("")]
    public void Anything_else_is_refused_naming_the_field(string raw) =>
        Assert.Equal("language", Language.Parse(raw).FailToSeq().Head().Field);

    static Gen<(Conversation, DateTimeOffset)> InSpanish =>
        from c in Gens.ActiveConversation
        from now in Gens.LiveMoment(c)
        select (c with { Language = "es-ES" }, now);

    static Seq<NccoAction.Talk> Talks(Ncco ncco) => ncco.Actions.Choose(a => a is NccoAction.Talk t ? Some(t) : None);

    [Property(MaxTest = 200)]
    public Property A_participant_is_spoken_to_in_the_conversation_s_language_and_a_stranger_in_the_default() =>
        Prop.ForAll(InSpanish.ToArbitrary(), Gens.RealNumber.ToArbitrary(), (t, stranger) =>
        {
            var (c, now) = t;
            var route = Some(Route.Of(c));
            var connect = Router.Route(new InboundCall(c.A.Number, c.B.VirtualNumber), route, now, Settings).RightToSeq().Head();
            Assert.Equal(new NccoAction.Talk(Spanish.Connecting, "es-ES"), Talks(connect).Single());
            var events = connect.Actions.Choose(a => a is NccoAction.Connect k ? k.Options.EventUrl : None).Single();
            Assert.EndsWith($"conversation={c.Id}&language=es-ES", events);

            var ended = Router.Route(new InboundCall(c.A.Number, c.B.VirtualNumber), route, c.ExpiresAt, Settings);
            Assert.Equal(new NccoAction.Talk(Spanish.Ended, "es-ES"),
                Talks(Router.Refusal(ended.LeftToSeq().Head(), Settings)).Single());

            var strangers = Router.Route(new InboundCall(stranger, c.B.VirtualNumber), route, now, Settings);
            if (stranger != c.A.Number && stranger != c.B.Number)
                Assert.Equal(new NccoAction.Talk(Prompts.Default.OutOfSession), Talks(Router.Refusal(strangers.LeftToSeq().Head(), Settings)).Single());
        });

    [Property(MaxTest = 100)]
    public Property A_language_with_no_texts_configured_hears_the_defaults_in_the_default_voice() =>
        Prop.ForAll(InSpanish.ToArbitrary(), t =>
        {
            var (c, now) = t;
            var french = c with { Language = "fr-FR" };
            var connect = Router.Route(new InboundCall(c.B.Number, c.A.VirtualNumber), Some(Route.Of(french)), now, Settings)
                .RightToSeq().Head();
            Assert.Equal(new NccoAction.Talk(Prompts.Default.Connecting), Talks(connect).Single());
        });
}
