using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>An SMS telling a participant which number to call.</summary>
/// <param name="Reference">The text's own name at the provider (Vonage's client-ref, 40
/// characters at most): one per conversation, participant and round, so a text in doubt can be looked up.</param>
/// <param name="Round">Which of the participant's set-up texts (<see cref="Conversation.TextRound"/>).</param>
public sealed record Notification(Side Recipient, string From, string To, string Text, string Reference, int Round = 0)
{
    /// <summary>
    /// Each participant is texted the virtual number that stands for the <em>other</em> one,
    /// from that same number, so a reply or a call-back reaches the right person. The text
    /// holds no real number.
    /// </summary>
    public static Seq<Notification> For(Conversation c, string template) =>
        Seq(Addressed(c, Side.A, template), Addressed(c, Side.B, template));

    static Notification Addressed(Conversation c, Side side, string template)
    {
        var (recipient, other) = (c.Of(side), c.Of(Conversation.Other(side)));
        return new(side, other.VirtualNumber.Digits, recipient.Number.Digits,
            template.Replace("{number}", other.VirtualNumber.E164), ReferenceOf(c.Id, side, c.TextRound(side)), c.TextRound(side));
    }

    /// <summary>"{id}-a" for A's first text (as ever), "{id}-a2" for the third, after two replacements; within
    /// Vonage's 40 characters up to round 999999.</summary>
    public static string ReferenceOf(Guid conversationId, Side side, int round = 0)
    {
        var suffix = round == 0 ? "" : round.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{conversationId:N}-{side.ToString().ToLowerInvariant()}{suffix}";
    }

    /// <summary>
    /// What delivering a conversation's set-up texts does now. Delivery runs at least once (a
    /// crash hands the same conversation over again), so this answers only what is still open:
    /// pending texts are claimed and sent, unless the conversation has ended (its numbers no
    /// longer connect: record why instead); texts claimed but without an outcome were
    /// interrupted, and are looked up at the provider rather than sent again.
    /// Each text has one deliverer at a time, so that one never takes another's claim in flight
    /// for an interrupted one: a text that never waited is the hand-over's from the event store
    /// (<see cref="TextTurn.First"/>); one that waits to be sent again is the retry's
    /// (<see cref="TextTurn.Retry"/>), and only once its wait is over.
    /// </summary>
    public static TextPlan Plan(Conversation c, string template, DateTimeOffset now, TextTurn turn = TextTurn.First)
    {
        var texts = For(c, template).Filter(n => c.TextWaitFor(n.Recipient) is { } wait
            ? turn == TextTurn.Retry && wait.Due <= now
            : turn == TextTurn.First);
        var pending = texts.Filter(n => c.TextTo(n.Recipient) == TextOutcome.Pending);
        var interrupted = texts.Filter(n => c.TextTo(n.Recipient) == TextOutcome.Sending);
        return c.IsLiveAt(now)
            ? new(pending, interrupted, Empty)
            : new(Empty, interrupted, pending.Map(n =>
                (ConversationCommand)new ConversationCommand.RecordNotificationFailed(n.Recipient, EndedBeforeDelivery, now, n.Round)));
    }

    /// <summary>
    /// An interrupted text, settled by what the provider knows of its reference: sent is
    /// recorded as sent; not sent is sent now (Left), unless the conversation has ended meanwhile
    /// (then recorded as not sent, with why); when the provider cannot tell, it is
    /// recorded as failed, not sent again: a participant is never texted twice for one
    /// conversation, and the failure is visible.
    /// </summary>
    public static Either<Notification, ConversationCommand> AfterInterruption(
        Notification text, TextLookup found, bool live, DateTimeOffset now) => found switch
        {
            TextLookup.Sent s => new ConversationCommand.RecordNotified(text.Recipient, s.MessageId, now, text.Round),
            TextLookup.NotSent when live => text,
            TextLookup.NotSent => new ConversationCommand.RecordNotificationFailed(text.Recipient, EndedBeforeDelivery, now, text.Round),
            _ => new ConversationCommand.RecordNotificationFailed(text.Recipient, OutcomeUnknown, now, text.Round),
        };

    public const string EndedBeforeDelivery = "the conversation ended before its text was sent";

    public const string OutcomeUnknown =
        "sending was interrupted and the provider cannot say whether the text went out; not sent again";

    public const string DefaultTemplate =
        "To reach the other person in your conversation, call {number}. Your own number stays private.";

    /// <summary>For conversations that carry texts: replies to this very number reach the other person.</summary>
    public const string DefaultMessagingTemplate =
        "To reach the other person in your conversation, call or text {number}, or reply to this message. Your own number stays private.";

    public const string DefaultTextOnlyTemplate =
        "To reach the other person in your conversation, text {number} or reply to this message. Your own number stays private.";

    /// <summary>The set-up text says what the number carries: whether replies reach the other person.</summary>
    public static string TemplateFor(Channels channels, string voice, string voiceAndMessages, string messages) =>
        channels switch
        {
            Channels.Messages => messages,
            Channels.Voice | Channels.Messages => voiceAndMessages,
            _ => voice,
        };
}

/// <summary>Which of a conversation's set-up texts a delivery is for (<see cref="Notification.Plan"/>).</summary>
public enum TextTurn
{
    /// <summary>The texts the conversation's events made due (opened, a participant replaced): the async daemon's hand-over.</summary>
    First,

    /// <summary>The texts that did not go and wait to be sent again, once their wait is over.</summary>
    Retry,
}

/// <summary>What a provider knows of the text sent under a reference.</summary>
public abstract record TextLookup
{
    private TextLookup() { }

    public sealed record Sent(string MessageId) : TextLookup;

    public sealed record NotSent : TextLookup;

    /// <summary>The provider keeps no record it can be asked about (Vonage's SMS API).</summary>
    public sealed record Unknown : TextLookup;
}

/// <summary>Texts to claim and send, texts in doubt to look up, and outcomes to record without sending.</summary>
public sealed record TextPlan(Seq<Notification> Send, Seq<Notification> Interrupted, Seq<ConversationCommand> Record);
