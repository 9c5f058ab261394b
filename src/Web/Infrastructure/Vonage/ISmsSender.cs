using LanguageExt;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>The provider accepted the SMS under this id.</summary>
public sealed record SmsReceipt(string MessageId);

/// <summary>Why an SMS was not sent; the reason holds no phone number.</summary>
/// <param name="WorthRetrying">The provider was out of reach or busy, not refusing this text.</param>
/// <param name="NotSent">Certainly not sent: the provider refused it for the account's rate, or never
/// had it (it could not be reached, or could not take requests). Sending it again cannot text anyone twice.</param>
public sealed record SmsFailure(string Reason, bool WorthRetrying = false, bool NotSent = false);

/// <summary>A text to send: from a virtual number, to a participant, under its own reference.</summary>
public sealed record OutgoingSms(string From, string To, string Text, string Reference);

public interface ISmsSender
{
    Task<Either<SmsFailure, SmsReceipt>> Send(OutgoingSms message, CancellationToken ct);

    /// <summary>
    /// Whether the provider accepted a text under <paramref name="reference"/>: asked about a
    /// text whose sending a crash interrupted. Vonage's SMS API cannot tell (it has no lookup
    /// by client-ref), so by default the answer is "unknown".
    /// </summary>
    Task<TextLookup> Lookup(string reference, CancellationToken ct) => Task.FromResult<TextLookup>(new TextLookup.Unknown());

    /// <summary>Several texts at once, each with its own outcome, in order. Concurrent unless a sender knows better.</summary>
    async Task<Seq<Either<SmsFailure, SmsReceipt>>> SendAll(Seq<OutgoingSms> messages, CancellationToken ct) =>
        Prelude.toSeq(await Task.WhenAll(messages.Map(m => Send(m, ct))));
}
