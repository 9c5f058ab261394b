using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>What a carrier's delivery receipt says about one text.</summary>
/// <param name="Status">Vonage's status: delivered, expired, failed, rejected, accepted, buffered, unknown.</param>
/// <param name="ErrorCode">Vonage's err-code; "0" when delivered.</param>
public sealed record TextReceipt(string MessageId, string Status, string? ErrorCode, DateTimeOffset At);

/// <summary>
/// Delivery receipts for set-up texts. A receipt names its text by the client-ref we sent it
/// with (<see cref="Notification.ReferenceOf"/>), so it finds its conversation and participant
/// without a lookup.
/// </summary>
public static class TextReceipts
{
    /// <summary>
    /// The conversation, participant and round a client-ref names (<see cref="Notification.ReferenceOf"/>);
    /// none for anything else.
    /// </summary>
    public static Option<(Guid ConversationId, Side Side, int Round)> Addressee(string? clientRef) =>
        clientRef is { Length: >= 34 and <= 40 } r && r[32] == '-' && Guid.TryParseExact(r[..32], "N", out var id)
            && Round(r[34..]) is { } round
            ? r[33] switch
            {
                'a' => Some((id, Side.A, round)),
                'b' => Some((id, Side.B, round)),
                _ => None,
            }
            : None;

    // "" is round 0; a later round is written without a sign or leading zero, so each reference reads one way.
    static int? Round(string digits) =>
        digits.Length == 0 ? 0
        : digits[0] != '0' && digits.All(char.IsAsciiDigit) && int.TryParse(digits, out var n) ? n
        : null;

    /// <summary>Final statuses: the carrier will say nothing more about the text.</summary>
    public static bool IsFinal(string status) => status is "delivered" or "expired" or "failed" or "rejected";

    /// <summary>
    /// A final receipt settles a sent text once: delivered, or undelivered with the carrier's
    /// reason. An interim receipt (accepted, buffered, unknown), a repeat, or a receipt for a text
    /// we have no record of sending changes nothing: Vonage resends receipts it thinks were lost.
    /// </summary>
    public static Either<ConversationError, Seq<ConversationEvent>> Decide(Side side, TextReceipt receipt, TextOutcome text) =>
        (text, receipt.Status) switch
        {
            (TextOutcome.Sent or TextOutcome.Sending, "delivered") =>
                Right<ConversationError, Seq<ConversationEvent>>(
                    Seq1<ConversationEvent>(new ConversationEvent.TextDelivered(side, receipt.MessageId, receipt.At))),
            (TextOutcome.Sent or TextOutcome.Sending, var status) when IsFinal(status) =>
                Right<ConversationError, Seq<ConversationEvent>>(Seq1<ConversationEvent>(
                    new ConversationEvent.TextUndelivered(side, receipt.MessageId, status, receipt.ErrorCode, receipt.At))),
            _ => Right<ConversationError, Seq<ConversationEvent>>(Empty),
        };
}
