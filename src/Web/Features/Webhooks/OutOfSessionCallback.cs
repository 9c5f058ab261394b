using System.Text.Json;
using LanguageExt;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Features.Callbacks;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// Asks the backend (<c>VoiceProxy:OutOfSession:CallbackUrl</c>) what to do with a caller who is
/// in no conversation on the number they dialed: a signed POST (Standard Webhooks, the callbacks'
/// secret) answered with <c>{"action":"refuse","message":…}</c>, <c>{"action":"forward","number":…}</c>
/// or <c>{"action":"open","counterpart":…}</c>. It has a strict time limit inside the answer
/// webhook's budget; on a timeout, an error or an answer it cannot read, the caller gets the
/// configured static behaviour. The body names the caller's number: the backend cannot decide
/// about a caller it cannot identify.
/// </summary>
public sealed class OutOfSessionCallback(
    IHttpClientFactory http, IOptions<VoiceProxyOptions> options, IOptions<CallbackOptions> callbacks, TimeProvider clock,
    ILogger<OutOfSessionCallback> log)
{
    readonly OutOfSessionOptions settings = options.Value.OutOfSession;
    readonly StandardWebhook? webhook = callbacks.Value.Signing ? new StandardWebhook(callbacks.Value.Secret!) : null;

    /// <summary>Configured, and signable: an unsigned question would be one the backend could not trust.</summary>
    public bool Enabled => settings.CallbackUrl is not null && webhook is not null;

    /// <summary>About a call (out-of-session.call).</summary>
    public Task<Option<OutOfSessionAnswer>> Ask(PhoneNumber caller, PhoneNumber dialed, CancellationToken ct) =>
        Ask("out-of-session.call", new { from = caller.E164, to = dialed.E164 }, ct);

    /// <summary>About a text (out-of-session.message): the backend may need its words to decide.</summary>
    public Task<Option<OutOfSessionAnswer>> AskAboutText(InboundText text, CancellationToken ct) =>
        Ask("out-of-session.message", new { from = text.From.E164, to = text.To.E164, messageId = text.MessageId, text = text.Text }, ct);

    async Task<Option<OutOfSessionAnswer>> Ask(string type, object data, CancellationToken ct)
    {
        if (!Enabled) return None;
        var id = $"oos_{Guid.NewGuid():N}";
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new { type, timestamp = now, data }, QueueCallbacks.Json);
        using var request = SignedRequest.Post(new Uri(settings.CallbackUrl!), id, now, payload, webhook!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(settings.CallbackTimeoutMilliseconds));
        try
        {
            using var response = await http.CreateClient(CallbackSender.HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) return Unanswered($"HTTP {(int)response.StatusCode}");
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token),
                cancellationToken: timeout.Token);
            var answer = body.RootElement.ValueKind == JsonValueKind.Object
                ? OutOfSession.Read(Text(body.RootElement, "action"), Text(body.RootElement, "message"),
                    Text(body.RootElement, "number") ?? Text(body.RootElement, "counterpart"), options.Value.DefaultCountry)
                : None;
            return answer.IsSome ? answer : Unanswered("an answer it could not read");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unanswered($"no answer within {settings.CallbackTimeoutMilliseconds} ms");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            return Unanswered(e.GetType().Name);
        }
    }

    Option<OutOfSessionAnswer> Unanswered(string why)
    {
        log.OutOfSessionUnanswered(why);
        return None;
    }

    static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
