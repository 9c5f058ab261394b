using System.Text.Json.Serialization;
using LanguageExt;
using Microsoft.Extensions.Options;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Vonage's SMS API (rest.nexmo.com/sms/json, form body with key and secret). Failures come
/// back as HTTP 200 with a non-"0" status. Never retried: a retry could text someone twice.
/// </summary>
public sealed class SmsClient(VonageHttp http, IOptions<VonageOptions> options) : ISmsSender
{
    const string Operation = "send SMS";

    public async Task<Either<SmsFailure, SmsReceipt>> Send(OutgoingSms message, CancellationToken ct) =>
        (await Submit(message.From, message.To, message.Text, ct, message.Reference)).MapLeft(f => new SmsFailure($"{f.GetType().Name}: {f.Reason}",
            f.WorthRetrying, f is VonageFailure.Throttled or VonageFailure.Unavailable { NotTaken: true }));

    /// <summary>
    /// Two at a time, in order: a turn of set-up texts holds eight conversations
    /// (<see cref="Features.Conversations.TextDelivery.Together"/>), and Vonage throttles an account's
    /// SMS (30 a second by default). Two in flight a turn is what one conversation a turn sent before.
    /// </summary>
    public async Task<Seq<Either<SmsFailure, SmsReceipt>>> SendAll(Seq<OutgoingSms> messages, CancellationToken ct)
    {
        var sent = new List<Either<SmsFailure, SmsReceipt>>(messages.Count);
        foreach (var pair in messages.Chunk(2)) sent.AddRange(await Task.WhenAll(pair.Select(m => Send(m, ct))));
        return Prelude.toSeq(sent);
    }

    public async Task<Either<VonageFailure, SmsReceipt>> Submit(string from, string to, string text, CancellationToken ct,
        string? reference = null)
    {
        var o = options.Value;
        return await http.Send(Operation, () => new HttpRequestMessage(HttpMethod.Post, $"{o.RestBaseUrl.TrimEnd('/')}/sms/json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["api_key"] = o.ApiKey ?? "",
                ["api_secret"] = o.ApiSecret ?? "",
                ["from"] = from,
                ["to"] = to,
                ["text"] = text,
                // Comes back on the delivery receipt; names the conversation and participant, no number.
                ["client-ref"] = reference ?? "",
            }),
        }, idempotent: false, async response =>
        {
            if (!response.IsSuccessStatusCode) return VonageHttp.FromStatus(Operation, response.StatusCode);
            var message = (await response.Content.ReadFromJsonAsync<Answer>(ct))?.Messages?.FirstOrDefault();
            return message is null ? new VonageFailure.Unavailable(Operation, "Vonage sent an empty answer.") : Read(message);
        }, ct);
    }

    static Either<VonageFailure, SmsReceipt> Read(Message m) => m.Status switch
    {
        "0" => new SmsReceipt(m.MessageId ?? ""),
        "1" => new VonageFailure.Throttled(Operation, "Vonage is throttling SMS."),
        "4" or "14" => new VonageFailure.Unauthorized(Operation, "Vonage refused our credentials."),
        "5" => new VonageFailure.Unavailable(Operation, "Vonage had an internal error."),
        "9" => new VonageFailure.NoCredit(Operation, "The Vonage account has no credit for SMS."),
        var s => new VonageFailure.Rejected(Operation, $"Vonage refused the SMS (status {s}: {m.ErrorText ?? "no reason given"})."),
    };

    sealed record Answer([property: JsonPropertyName("messages")] Message[]? Messages);

    sealed record Message(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("message-id")] string? MessageId,
        [property: JsonPropertyName("error-text")] string? ErrorText);
}
