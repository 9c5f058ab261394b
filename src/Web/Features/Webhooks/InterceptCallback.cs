using System.Text.Json;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Features.Callbacks;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary><c>VoiceProxy:Intercept</c>: the backend's say over each call before it is connected.</summary>
public sealed class InterceptOptions
{
    public const string Section = "VoiceProxy:Intercept";

    [System.ComponentModel.DataAnnotations.Url(ErrorMessage = "VoiceProxy:Intercept:Url must be an absolute http(s) URL.")]
    public string? Url { get; set; }

    [System.ComponentModel.DataAnnotations.Range(50, 3000,
        ErrorMessage = "VoiceProxy:Intercept:TimeoutMilliseconds must be between 50 and 3000.")]
    public int TimeoutMilliseconds { get; set; } = 1000;

    /// <summary>No answer in time blocks the call (off: it is connected).</summary>
    public bool FailClosed { get; set; }
}

/// <summary>
/// Asks the backend whether a participant's call may be connected, or their text relayed
/// (<see cref="Intercept.Decide"/>): a signed POST to the conversation's own intercept URL or the
/// service's, naming the conversation and the sender's role, never a number or a text. Each
/// decision is recorded on the conversation's stream after the answer has gone, so the answer
/// path itself stays read-only; a decision the database could not take is logged.
/// </summary>
public sealed class InterceptCallback(
    IHttpClientFactory http, IOptions<InterceptOptions> options, IOptions<CallbackOptions> callbacks, ConversationStore store,
    TimeProvider clock, ILogger<InterceptCallback> log)
{
    readonly InterceptOptions settings = options.Value;
    readonly StandardWebhook? webhook = callbacks.Value.Signing ? new StandardWebhook(callbacks.Value.Secret!) : null;

    readonly Uri? serviceWide = options.Value.Url is { } url ? new Uri(url) : null;

    /// <summary>Someone to ask for this route, and a secret to sign with: an unsigned question could not be trusted.</summary>
    public bool EnabledFor(Route route) => Intercept.Target(route, serviceWide) is not null && webhook is not null;

    /// <summary>Before a call is connected (intercept.call).</summary>
    public async Task<InterceptDecision> Ask(Route route, Side caller, CancellationToken ct)
    {
        var decision = await Ask(route, "intercept.call",
            new { conversation = new { id = route.ConversationId }, caller = Role.Of(caller) }, ct);
        _ = Record(route.ConversationId,
            new ConversationCommand.RecordIntercept(caller, decision.Blocked, decision.Reason, clock.GetUtcNow()), decision);
        return decision;
    }

    /// <summary>Before a text is relayed (intercept.message); the text itself is not sent to the backend.</summary>
    public async Task<InterceptDecision> AskAboutText(Route route, Side sender, string messageId, CancellationToken ct)
    {
        var decision = await Ask(route, "intercept.message",
            new { conversation = new { id = route.ConversationId }, sender = Role.Of(sender), messageId }, ct);
        _ = Record(route.ConversationId,
            new ConversationCommand.RecordMessageIntercept(sender, messageId, decision.Blocked, decision.Reason, clock.GetUtcNow()),
            decision);
        return decision;
    }

    async Task<InterceptDecision> Ask(Route route, string type, object data, CancellationToken ct)
    {
        var id = $"icp_{Guid.NewGuid():N}";
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new { type, timestamp = now, data }, QueueCallbacks.Json);
        using var request = SignedRequest.Post(Intercept.Target(route, serviceWide)!, id, now, payload, webhook!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(settings.TimeoutMilliseconds));
        InterceptDecision decision;
        try
        {
            using var response = await http.CreateClient(CallbackSender.HttpClientName).SendAsync(request, timeout.Token);
            decision = Intercept.Decide((int)response.StatusCode, null, settings.FailClosed);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            decision = Intercept.Decide(null, $"no answer within {settings.TimeoutMilliseconds} ms", settings.FailClosed);
        }
        catch (HttpRequestException e)
        {
            decision = Intercept.Decide(null, $"unreachable ({e.HttpRequestError})", settings.FailClosed);
        }
        return decision;
    }

    async Task Record(Guid conversation, ConversationCommand record, InterceptDecision decision)
    {
        try
        {
            await store.Handle(conversation, record, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.InterceptNotRecorded(decision.Blocked, e.GetType().Name);
        }
    }
}
