using System.Text.Json;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Callbacks;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>
/// Turns conversation events into callbacks waiting to be sent. A subscription of Marten's async
/// daemon: the queued callbacks are written in the same transaction as the subscription's
/// progress, so every committed event is queued exactly once, whatever crashes when
/// (docs/architecture.md, invariant 11). Sending is <see cref="CallbackSender"/>'s.
/// </summary>
public sealed class QueueCallbacks(Func<IOptions<CallbackOptions>> options, TimeProvider clock) : SubscriptionBase
{
    public const string SubscriptionName = "callbacks";

    /// <summary>The payload exactly as signed and sent: camelCase JSON, as the REST API speaks.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page,
        ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var settings = options().Value;
        var now = clock.GetUtcNow();
        var conversations = new Dictionary<Guid, Conversation?>();
        foreach (var e in page.Events)
        {
            // Past the retry window it would be given up unsent anyway: a subscription meeting an
            // old store for the first time (callbacks newly switched on) does not replay its history.
            if (e.Data is not ConversationEvent ce || now - e.Timestamp > settings.Retries.GiveUpAfter) continue;
            if (!conversations.TryGetValue(e.StreamId, out var conversation))
                conversations[e.StreamId] = conversation = await operations.LoadAsync<Conversation>(e.StreamId, cancellationToken);
            if (conversation is null || (conversation.CallbackUrl ?? settings.DefaultUrl) is not { } url) continue;
            foreach (var message in BackendCallbacks.For(ce, conversation, settings.IncludeNumbers))
                operations.Store(new CallbackDelivery(IdOf(e.Id), e.StreamId, e.Version, message.Type, url,
                    JsonSerializer.Serialize(message, Json), DeliveryState.Pending, 0, now, now));
        }
        return NullChangeListener.Instance;
    }

    /// <summary>The Standard Webhooks message id: the event's own id, so it is the same however often it is sent.</summary>
    public static string IdOf(Guid eventId) => $"msg_{eventId:N}";
}
