using LanguageExt;

namespace VoiceProxy.Web.Vonage;

/// <summary>The provider accepted the SMS under this id.</summary>
public sealed record SmsReceipt(string MessageId);

/// <summary>Why an SMS was not sent; the reason holds no phone number.</summary>
public sealed record SmsFailure(string Reason);

public interface ISmsSender
{
    Task<Either<SmsFailure, SmsReceipt>> Send(string from, string to, string text, CancellationToken ct);
}
