using LanguageExt;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>The provider accepted the SMS under this id.</summary>
public sealed record SmsReceipt(string MessageId);

/// <summary>Why an SMS was not sent; the reason holds no phone number.</summary>
public sealed record SmsFailure(string Reason);

/// <summary>A text to send: from a virtual number, to a participant.</summary>
public sealed record OutgoingSms(string From, string To, string Text);

public interface ISmsSender
{
    Task<Either<SmsFailure, SmsReceipt>> Send(OutgoingSms message, CancellationToken ct);

    /// <summary>Several texts at once, each with its own outcome, in order. Concurrent unless a sender knows better.</summary>
    async Task<Seq<Either<SmsFailure, SmsReceipt>>> SendAll(Seq<OutgoingSms> messages, CancellationToken ct) =>
        Prelude.toSeq(await Task.WhenAll(messages.Map(m => Send(m, ct))));
}
