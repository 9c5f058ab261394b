using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>Private SMS relay follows the same counterpart rule as calls, only for conversations that carry messages.</summary>
public class MessageRelayTests
{
    static Route RouteWith(Channels channels) => Route.Of(Some.Opened()) with { Channels = channels };

    static InboundText From(Core.Numbers.PhoneNumber from, Core.Numbers.PhoneNumber to) => new(from, to, "m-1", "on my way");

    [Theory]
    [InlineData(Channels.Messages)]
    [InlineData(Channels.Voice | Channels.Messages)]
    public void A_participants_text_reaches_the_other_shown_as_their_own_virtual_number(Channels channels)
    {
        var relay = MessageRelay.Decide(From(Some.Alice, Some.BobsVirtual), Some(RouteWith(channels)), Some.Epoch).RightToSeq().Single();
        Assert.Equal((Side.A, Some.AlicesVirtual, Some.Bob), (relay.From, relay.Leg.ShownAs, relay.Leg.Destination));
        var back = MessageRelay.Decide(From(Some.Bob, Some.AlicesVirtual), Some(RouteWith(channels)), Some.Epoch).RightToSeq().Single();
        Assert.Equal((Side.B, Some.BobsVirtual, Some.Alice), (back.From, back.Leg.ShownAs, back.Leg.Destination));
    }

    [Fact]
    public void Nothing_is_relayed_for_a_voice_only_an_ended_or_a_strangers_text()
    {
        Assert.IsType<RelayRefusal.MessagesNotEnabled>(
            MessageRelay.Decide(From(Some.Alice, Some.BobsVirtual), Some(RouteWith(Channels.Voice)), Some.Epoch).LeftToSeq().Single());
        Assert.IsType<RelayRefusal.Ended>(MessageRelay.Decide(From(Some.Alice, Some.BobsVirtual),
            Some(RouteWith(Channels.Messages)), Some.Epoch.AddHours(1)).LeftToSeq().Single());
        Assert.IsType<RelayRefusal.NotParticipant>(MessageRelay.Decide(From(Some.Carol, Some.BobsVirtual),
            Some(RouteWith(Channels.Messages)), Some.Epoch).LeftToSeq().Single());
        Assert.IsType<RelayRefusal.NoConversation>(MessageRelay.Decide(From(Some.Alice, Some.BobsVirtual), None, Some.Epoch).LeftToSeq().Single());
    }

    [Fact]
    public void A_call_to_a_message_only_conversation_hears_so_and_a_relay_is_recorded_once_per_message()
    {
        var settings = new CallSettings(Prompts.Default, 45, "https://proxy.example.com/webhooks/event", None);
        var refused = Router.Route(new InboundCall(Some.Alice, Some.BobsVirtual), Some(RouteWith(Channels.Messages)), Some.Epoch, settings);
        Assert.IsType<RouteError.VoiceNotEnabled>(refused.LeftToSeq().Single());
        Assert.Equal(Ncco.Say(Prompts.Default.MessagesOnly), Router.Refusal(refused.LeftToSeq().Single(), settings));

        var once = ConversationDecider.Decide(new ConversationCommand.RecordRelay(Side.A, "m-1", null, Some.Epoch), Some.Opened())
            .RightToSeq().Flatten().Fold((Conversation?)Some.Opened(), Conversation.Evolve)!;
        Assert.Empty(ConversationDecider.Decide(new ConversationCommand.RecordRelay(Side.A, "m-1", null, Some.Epoch), once).RightToSeq().Flatten());
    }

    [Theory]
    [InlineData(null, Channels.Voice)]
    [InlineData("voice", Channels.Voice)]
    [InlineData("message", Channels.Messages)]
    [InlineData("voice-and-message", Channels.Voice | Channels.Messages)]
    public void A_mode_names_its_channels(string? mode, Channels channels) =>
        Assert.Equal(channels, Mode.Parse(mode).SuccessToSeq().Single());

    [Theory]
    [InlineData("sms")]
    [InlineData("VOICE")]
    [InlineData("")]
    public void An_unknown_mode_is_refused(string mode) => Assert.Equal("mode", Mode.Parse(mode).FailToSeq().Single().Field);
}
