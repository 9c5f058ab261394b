using LanguageExt;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.CallControl;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Conversations;

/// <summary>
/// Puts a Vonage call event on its conversation's stream, the audit trail (once per leg and
/// status: the decider drops redeliveries). Events that name no call status, or belong to no
/// conversation we can find, are logged and dropped.
/// </summary>
public sealed class RecordCallEvent(
    RouteLookup routes, IQuerySession session, ConversationStore store, TimeProvider clock,
    IOptions<VoiceProxyOptions> options, ILogger<RecordCallEvent> log)
{
    /// <param name="named">The conversation our connect's eventUrl named, when the event came that way.</param>
    /// <returns>The fallback NCCO when a connect we made failed; otherwise none.</returns>
    public async Task<Option<Ncco>> Run(WebhookFields fields, Guid? named, CancellationToken ct)
    {
        var (uuid, status) = (fields["uuid"], fields["status"]);
        if (string.IsNullOrEmpty(uuid) || string.IsNullOrEmpty(status))
        {
            log.LogDebug("Ignored a Vonage event without uuid or status");
            return None;
        }
        var conversation = await Find(fields, named, ct);
        if (conversation.IsNone)
        {
            log.LogInformation("Vonage event {Status} for call {Uuid} matches no conversation", status, uuid);
            return None;
        }
        var c = conversation.Head();
        await store.Handle(c.Id, new ConversationCommand.RecordCall(CallEventOf(fields, uuid, status)), ct);
        return named.HasValue && CallStatus.NeedsFallback(status)
            ? Router.Unavailable(options.Value.Prompts)
            : None;
    }

    async Task<Option<Conversation>> Find(WebhookFields fields, Guid? named, CancellationToken ct)
    {
        if (named is { } id)
        {
            // Only a leg between this conversation's own numbers may write to its audit trail.
            var c = Optional(await session.LoadAsync<Conversation>(id, ct));
            return c.Filter(x => Involves(x, fields["from"]) && Involves(x, fields["to"]));
        }
        var region = options.Value.DefaultCountry;
        var leg =
            from f in PhoneNumber.Parse(fields["from"], region)
            from t in PhoneNumber.Parse(fields["to"], region)
            select (f, t);
        return await leg.MatchAsync(
            RightAsync: l => routes.FindForLeg(l.f, l.t, ct),
            Left: _ => Option<Conversation>.None);
    }

    static bool Involves(Conversation c, string? raw)
    {
        var digits = PhoneNumber.DigitsOf(raw);
        return new[] { c.A.Number, c.B.Number, c.A.VirtualNumber, c.B.VirtualNumber }.Any(n => n.Digits == digits);
    }

    CallEvent CallEventOf(WebhookFields f, string uuid, string status) =>
        new(uuid, status, f["conversation_uuid"], f["from"], f["to"], f["direction"],
            DateTimeOffset.TryParse(f["timestamp"], out var at) ? at : clock.GetUtcNow(),
            int.TryParse(f["duration"], out var seconds) ? seconds : null);
}
