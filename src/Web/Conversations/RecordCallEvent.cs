using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Conversations;

/// <summary>
/// Puts a Vonage call event on its conversation's stream, the audit trail. Events that name no
/// call status, or belong to no conversation we can find, are logged and dropped.
/// </summary>
public sealed class RecordCallEvent(
    RouteLookup routes, ConversationStore store, TimeProvider clock,
    IOptions<VoiceProxyOptions> options, ILogger<RecordCallEvent> log)
{
    public async Task Run(WebhookFields fields, CancellationToken ct)
    {
        var (uuid, status) = (fields["uuid"], fields["status"]);
        if (string.IsNullOrEmpty(uuid) || string.IsNullOrEmpty(status))
        {
            log.LogDebug("Ignored a Vonage event without uuid or status");
            return;
        }
        var region = options.Value.DefaultCountry;
        var parsed =
            from f in PhoneNumber.Parse(fields["from"], region)
            from t in PhoneNumber.Parse(fields["to"], region)
            select (f, t);
        var conversation = await parsed.MatchAsync(
            RightAsync: leg => routes.FindForLeg(leg.f, leg.t, ct),
            Left: _ => LanguageExt.Option<Conversation>.None);
        await conversation.Match(
            Some: c => store.Handle(c.Id, new ConversationCommand.RecordCall(CallEventOf(fields, uuid, status)), ct),
            None: () =>
            {
                log.LogInformation("Vonage event {Status} for call {Uuid} matches no active conversation",
                    status, uuid);
                return Task.CompletedTask;
            });
    }

    CallEvent CallEventOf(WebhookFields f, string uuid, string status) =>
        new(uuid, status, f["conversation_uuid"], f["from"], f["to"], f["direction"],
            DateTimeOffset.TryParse(f["timestamp"], out var at) ? at : clock.GetUtcNow(),
            int.TryParse(f["duration"], out var seconds) ? seconds : null);
}
