using Carter;
using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// Vonage's event webhook: 204, found or not, so Vonage never retries what we chose to drop;
/// except that a connect of ours which failed (busy, unanswered…) gets a fallback NCCO.
/// ?conversation= is set by our own connect's eventUrl; the application-wide event URL has none.
/// </summary>
public sealed class CallEvents : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapWebhooks();
        hooks.MapGet("/webhooks/event", async (HttpRequest request, Guid? conversation, string? language, RecordCallEvent record,
                CancellationToken ct) =>
            Result(await record.Run(WebhookFields.FromQuery(request.Query), conversation, ct, language)))
            .WithName("callEventGet").WithSummary("Event webhook (GET)").WithDescription(WebhookDocs.EventDescription)
            .Produces(204).Produces<WebhookDocs.NccoAction[]>();

        hooks.MapPost("/webhooks/event", async (HttpRequest request, Guid? conversation, string? language, RecordCallEvent record,
                CancellationToken ct) =>
            await (await WebhookFields.FromBody(request, ct)).MatchAsync(
                RightAsync: async fields => Result(await record.Run(fields, conversation, ct, language)),
                Left: ErrorResults.MalformedWebhook))
            .WithName("callEventPost").WithSummary("Event webhook (POST JSON, Vonage's default)").WithDescription(WebhookDocs.EventDescription)
            .Accepts<WebhookDocs.EventRequest>("application/json").Produces(204).Produces<WebhookDocs.NccoAction[]>()
            .ProducesProblem(400).TakesJson().ProducesProblem(415);
    }

    static IResult Result(Option<Ncco> fallback) =>
        fallback.Match(Some: ncco => ncco.ToResult(), None: () => TypedResults.NoContent());
}

/// <summary>
/// Puts a Vonage call event on its conversation's stream, the audit trail (once per leg and
/// status: the decider drops redeliveries). Events that name no call status, or belong to no
/// conversation we can find, are logged and dropped.
/// </summary>
public sealed class RecordCallEvent(
    RouteLookup routes, IQuerySession session, ConversationStore store, TimeProvider clock,
    IOptions<VoiceProxyOptions> options, WebhookDeadline deadline, ILogger<RecordCallEvent> log)
{
    /// <param name="named">The conversation our connect's eventUrl named, when the event came that way.</param>
    /// <param name="language">Its language, as the eventUrl named it: the fallback is spoken in it, with no lookup.</param>
    /// <returns>The fallback NCCO when a connect we made failed; otherwise none.</returns>
    public async Task<Option<Ncco>> Run(WebhookFields fields, Guid? named, CancellationToken ct, string? language = null)
    {
        var (uuid, reported) = (fields["uuid"], fields["status"]);
        if (string.IsNullOrEmpty(uuid) || string.IsNullOrEmpty(reported))
        {
            log.EventWithoutStatus();
            return None;
        }
        var status = CallStatus.Of(reported);
        var fallback = named.HasValue ? Router.AfterConnect(status, options.Value.PromptsIn(language)) : None;
        try
        {
            await Budget.Within(deadline.Remaining, token => Record(fields, named, uuid, status, token), ct);
        }
        catch (Exception e) when (fallback.IsSome && !ct.IsCancellationRequested)
        {
            // The caller waits on this answer: they hear the fallback even if the database is out
            // of reach. Without a fallback the failure propagates (503), and Vonage sends again.
            log.CallEventNotRecorded(status.Value, e.GetType().Name);
        }
        return fallback;
    }

    async Task Record(WebhookFields fields, Guid? named, string uuid, CallStatus status, CancellationToken ct)
    {
        var conversation = await Find(fields, named, ct);
        if (conversation.IsNone)
        {
            log.EventMatchesNoConversation(status.Value, uuid);
            return;
        }
        await store.Handle(conversation.Head(), new ConversationCommand.RecordCall(CallEventOf(fields, uuid, status)), ct);
    }

    async Task<Option<Guid>> Find(WebhookFields fields, Guid? named, CancellationToken ct)
    {
        var region = options.Value.DefaultCountry;
        var leg =
            from f in PhoneNumber.Parse(fields["from"], region)
            from t in PhoneNumber.Parse(fields["to"], region)
            select (From: f, To: t);
        if (leg.IsLeft) return None;
        var (from, to) = leg.RightToSeq().Head();
        if (named is { } id)
        {
            // Only a leg of this conversation's own route may write to its audit trail.
            var c = Optional(await session.LoadAsync<Conversation>(id, ct));
            return c.Map(Route.Of).Filter(r => r.Carries(from, to)).Map(r => r.ConversationId);
        }
        var live = (await routes.FindForLeg(from, to, ct)).Map(r => r.ConversationId);
        // A participant refused because their conversation ended: the call goes in its trail (call.refused).
        return live.IsSome ? live : await routes.FindEnded(from, to, ct);
    }

    CallEvent CallEventOf(WebhookFields f, string uuid, CallStatus status) =>
        new(uuid, status, f["conversation_uuid"], f["from"], f["to"], CallDirections.Parse(f["direction"]),
            DateTimeOffset.TryParse(f["timestamp"], out var at) ? at : clock.GetUtcNow(),
            int.TryParse(f["duration"], out var seconds) ? seconds : null);
}
