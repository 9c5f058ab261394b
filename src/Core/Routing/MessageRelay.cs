using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>A text message that reached one of our virtual numbers (Vonage's inbound-SMS webhook).</summary>
public sealed record InboundText(PhoneNumber From, PhoneNumber To, string MessageId, string Text);

/// <summary>Why an inbound text is not relayed. None of them is told to the sender: an SMS back costs money and confirms the number.</summary>
public abstract record RelayRefusal
{
    private RelayRefusal() { }

    public sealed record NoConversation : RelayRefusal;

    public sealed record NotParticipant(Guid ConversationId) : RelayRefusal;

    public sealed record Ended(Guid ConversationId) : RelayRefusal;

    /// <summary>A voice-only conversation: its numbers do not carry texts.</summary>
    public sealed record MessagesNotEnabled(Guid ConversationId) : RelayRefusal;
}

/// <summary>Where a relayed text goes: the counterpart, shown as the sender's virtual number.</summary>
public sealed record Relay(Guid ConversationId, Side From, Leg Leg);

/// <summary>
/// Private SMS relay: the same counterpart rule as calls (<see cref="Route.LegOf"/>), so a text
/// to the other person's virtual number reaches them from the sender's own virtual number, and
/// only while the conversation is live and carries messages.
/// </summary>
public static class MessageRelay
{
    public static Either<RelayRefusal, Relay> Decide(InboundText text, Option<Route> found, DateTimeOffset now) =>
        from route in found.ToEither<RelayRefusal>(new RelayRefusal.NoConversation())
        from leg in route.LegOf(text.From, text.To).ToEither<RelayRefusal>(new RelayRefusal.NotParticipant(route.ConversationId))
        from live in route.IsLiveAt(now) ? Right<RelayRefusal, Route>(route) : new RelayRefusal.Ended(route.ConversationId)
        from carries in live.Channels.HasFlag(Channels.Messages)
            ? Right<RelayRefusal, Route>(live)
            : new RelayRefusal.MessagesNotEnabled(live.ConversationId)
        select new Relay(live.ConversationId, text.From == live.A.Number ? Side.A : Side.B, leg);
}
