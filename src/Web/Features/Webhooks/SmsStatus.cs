using Carter;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// The SMS API's delivery-receipt webhook. 200 for every receipt we understood or chose to drop
/// (not ours, interim, malformed, badly signed): a non-2xx makes Vonage resend for 24 h. The one
/// exception is a receipt we could not store (the database is away): 503, so Vonage resends it
/// and nothing is lost. Not under the Voice JWT: the SMS API signs with <c>sig</c> instead.
/// </summary>
public sealed class SmsStatus : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapSmsWebhooks();
        hooks.MapGet("/webhooks/sms-status", async (HttpRequest request, SmsReceiptRecorder record, CancellationToken ct) =>
                await record.Run(WebhookFields.FromQuery(request.Query), ct))
            .WithName("smsStatusGet").WithSummary("SMS delivery receipt (GET)").WithDescription(Description).Produces(200).ProducesProblem(503);
        hooks.MapPost("/webhooks/sms-status", async (HttpRequest request, SmsReceiptRecorder record, ILogger<SmsStatus> log,
                CancellationToken ct) =>
                await (await WebhookFields.FromJsonOrForm(request, ct)).MatchAsync(
                    RightAsync: fields => record.Run(fields, ct),
                    Left: why =>
                    {
                        log.ReceiptDropped(why);
                        return Results.Ok();
                    }))
            .WithName("smsStatusPost").WithSummary("SMS delivery receipt (POST, JSON or form)").WithDescription(Description)
            .Produces(200).ProducesProblem(503);
    }

    const string Description =
        "Vonage's SMS delivery receipt (shared/design/VONAGE.md): msisdn, to, messageId, status, err-code, " +
        "message-timestamp and client-ref, which names the conversation and participant. Records " +
        "TextDelivered / TextUndelivered on the conversation; signed with sig when Vonage:SmsSignatureSecret is set.";
}

/// <summary>
/// Records one delivery receipt on its conversation (once: the decider drops repeats). Also how
/// the sandbox's simulated carrier reports, so both modes share the path.
/// </summary>
public sealed class SmsReceiptRecorder(
    ConversationStore store, SmsSignature signature, TimeProvider clock, IOptions<VoiceProxyOptions> options,
    ILogger<SmsReceiptRecorder> log)
{
    public async Task<IResult> Run(WebhookFields fields, CancellationToken ct)
    {
        var signed = signature.Verify(fields);
        if (signed.IsLeft)
        {
            signed.IfLeft(why => log.ReceiptDropped(why));
            return Results.Ok();
        }
        var (messageId, status) = (fields["messageId"], fields["status"]);
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(status))
        {
            log.ReceiptDropped("no messageId or status");
            return Results.Ok();
        }
        var receipt = new TextReceipt(messageId, status, fields["err-code"], clock.GetUtcNow());
        // A database that is away or stalled ends this in a 503 (ProblemExceptionHandler): Vonage resends.
        await Budget.Within(options.Value.WebhookBudget, token => Record(fields["client-ref"], receipt, token), ct);
        return Results.Ok();
    }

    /// <summary>A receipt whose client-ref is not one of our set-up texts is not ours to record.</summary>
    public async Task Record(string? clientRef, TextReceipt receipt, CancellationToken ct)
    {
        foreach (var (id, side, round) in TextReceipts.Addressee(clientRef))
        {
            await store.Handle(id, new ConversationCommand.RecordReceipt(side, receipt, round), ct);
            return;
        }
        log.ReceiptDropped("its client-ref names no set-up text");
    }
}
