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
/// <param name="callsFirst">A page is a turn of background work: a backlog of events must not slow the answers.</param>
public sealed class QueueCallbacks(Func<IOptions<CallbackOptions>> options, TimeProvider clock,
    Infrastructure.Hosting.CallsFirst callsFirst) : SubscriptionBase
{
    public const string SubscriptionName = "callbacks";

    /// <summary>The payload exactly as signed and sent: camelCase JSON, as the REST API speaks.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page,
        ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        using var turn = await callsFirst.Wait(Infrastructure.Hosting.BackgroundWork.CallbackQueue, cancellationToken);
        var settings = options().Value;
        var now = clock.GetUtcNow();
        // Past the retry window it would be given up unsent anyway: a subscription meeting an
        // old store for the first time (callbacks newly switched on) does not replay its history.
        var due = page.Events.Where(e => e.Data is ConversationEvent && now - e.Timestamp <= settings.Retries.GiveUpAfter).ToList();
        // The page's conversations in one round trip: one load per event kept a backlog of 20,000
        // conversations busy for minutes, on the connections and cores that answer calls.
        var conversations = due.Count == 0 ? new Dictionary<Guid, Conversation>()
            : (await operations.LoadManyAsync<Conversation>(cancellationToken, due.Select(e => e.StreamId).Distinct()))
                .ToDictionary(c => c.Id);
        foreach (var e in due)
        {
            var ce = (ConversationEvent)e.Data;
            if (!conversations.TryGetValue(e.StreamId, out var conversation)
                || (conversation.CallbackUrl ?? settings.DefaultUrl) is not { } url) continue;
            foreach (var message in BackendCallbacks.For(ce, conversation, settings.IncludeNumbers))
                operations.Store(new CallbackDelivery(IdOf(e.Id), e.StreamId, e.Version, message.Type, url,
                    JsonSerializer.Serialize(message, Json), DeliveryState.Pending, 0, now, now));
        }
        return NullChangeListener.Instance;
    }

    /// <summary>The Standard Webhooks message id: the event's own id, so it is the same however often it is sent.</summary>
    public static string IdOf(Guid eventId) => $"msg_{eventId:N}";
}
