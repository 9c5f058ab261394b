using LanguageExt;

namespace VoiceProxy.Core.Conversations;

/// <summary>An SMS telling a participant which number to call.</summary>
public sealed record Notification(Side Recipient, string From, string To, string Text)
{
    /// <summary>
    /// Each participant is texted the virtual number that stands for the <em>other</em> one,
    /// from that same number, so a reply or a call-back reaches the right person. The text
    /// holds no real number.
    /// </summary>
    public static Seq<Notification> For(Conversation c, string template) =>
        Prelude.Seq(Addressed(Side.A, c.A, c.B, template), Addressed(Side.B, c.B, c.A, template));

    static Notification Addressed(Side side, Participant recipient, Participant other, string template) =>
        new(side, other.VirtualNumber.Digits, recipient.Number.Digits,
            template.Replace("{number}", other.VirtualNumber.E164));

    public const string DefaultTemplate =
        "To reach the other person in your conversation, call {number}. Your own number stays private.";
}
