using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// The SMS API's inbound-message webhook: private SMS relay. A participant's text to the other's
/// virtual number is sent on to them from the sender's own virtual number (<see cref="MessageRelay"/>).
/// 200 for everything we relayed or chose to drop (an outsider, an ended or voice-only
/// conversation, a badly signed request): a non-2xx makes Vonage resend for 24 h. Only when the
/// relay could not be done now (the provider or the database away) is it 503, so Vonage tries again.
/// Long messages arrive in parts (concat-part); each part is relayed as it comes.
/// </summary>
public sealed class InboundSms : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapSmsWebhooks();
        hooks.MapGet("/webhooks/inbound-sms", async (HttpRequest request, RelayText relay, CancellationToken ct) =>
                await relay.Run(WebhookFields.FromQuery(request.Query), ct))
            .WithName("inboundSmsGet").WithSummary("Inbound SMS (GET): private relay").WithDescription(Description)
            .Produces(200).ProducesProblem(503);
        hooks.MapPost("/webhooks/inbound-sms", async (HttpRequest request, RelayText relay, ILogger<InboundSms> log, CancellationToken ct) =>
                await (await WebhookFields.FromJsonOrForm(request, ct)).MatchAsync(
                    RightAsync: fields => relay.Run(fields, ct),
                    Left: why =>
                    {
                        log.TextNotRelayed(why);
                        return Results.Ok();
                    }))
            .WithName("inboundSmsPost").WithSummary("Inbound SMS (POST, JSON or form): private relay").WithDescription(Description)
            .Produces(200).ProducesProblem(503);
    }

    const string Description =
        "Vonage's inbound SMS (sms.yml InboundMessage: msisdn, to, messageId, text, concat-*). A participant of a live " +
        "conversation in message or voice-and-message mode who texts the other's virtual number reaches them, from their " +
        "own virtual number; once per messageId. Signed with sig when Vonage:SmsSignatureSecret is set.";
}

/// <summary>Relays one inbound text, as <see cref="MessageRelay.Decide"/> says, and records it once.</summary>
public sealed class RelayText(
    RouteLookup routes, ConversationStore store, Marten.IQuerySession session, ISmsSender sms, SmsSignature signature,
    TimeProvider clock, IOptions<VoiceProxyOptions> options, WebhookDeadline deadline, InterceptCallback intercept,
    OutOfSessionCallback outOfSession, OpenForStranger openForStranger, ILogger<RelayText> log)
{
    readonly VoiceProxyOptions settings = options.Value;

    public async Task<IResult> Run(WebhookFields fields, CancellationToken ct)
    {
        var signed = signature.Verify(fields);
        if (signed.IsLeft)
        {
            signed.IfLeft(why => log.TextNotRelayed(why));
            return Results.Ok();
        }
        var text = Read(fields);
        if (text.IsLeft)
        {
            text.IfLeft(why => log.TextNotRelayed(why));
            return Results.Ok();
        }
        var inbound = text.RightToSeq().Head();
        var found = await Budget.Within(deadline.Remaining, token => routes.Find(new RouteKey(inbound.From, inbound.To), token), ct);
        return await MessageRelay.Decide(inbound, found, clock.GetUtcNow()).MatchAsync(
            RightAsync: relay => Forward(inbound, relay, found.Head(), ct),
            LeftAsync: async refusal =>
            {
                if (outOfSession.Enabled && OutOfSession.AsksBackend(refusal)) return await AskBackend(inbound, ct);
                log.TextNotRelayed(refusal.GetType().Name);
                return Results.Ok();
            });
    }

    // A stranger's text: the backend may answer it in its own words, forward it, or open a
    // conversation and have it relayed. No usable answer: dropped, as without a backend.
    async Task<IResult> AskBackend(InboundText inbound, CancellationToken ct)
    {
        var answer = await outOfSession.AskAboutText(inbound, ct);
        var reply = answer.Case switch
        {
            OutOfSessionAnswer.Refuse { Message: { } words } => new OutgoingSms(inbound.To.Digits, inbound.From.Digits, words, ""),
            OutOfSessionAnswer.Forward f => new OutgoingSms(inbound.To.Digits, f.To.Digits, inbound.Text, ""),
            _ => null,
        };
        if (reply is not null)
        {
            (await sms.Send(reply, ct)).IfLeft(f => log.TextNotRelayed(f.Reason));
            return Results.Ok();
        }
        if (answer.Case is not OutOfSessionAnswer.Open open)
        {
            log.TextNotRelayed("a stranger's text, and the backend did not ask for it to go anywhere");
            return Results.Ok();
        }
        var opened = await Budget.Within(deadline.Remaining, token => openForStranger.Run(inbound.From, inbound.To, open.Counterpart,
            Channels.Voice | Channels.Messages, token), ct);
        return await MessageRelay.Decide(inbound, opened, clock.GetUtcNow()).MatchAsync(
            RightAsync: relay => Forward(inbound, relay, opened.Head(), ct),
            Left: refusal =>
            {
                log.TextNotRelayed(refusal.GetType().Name);
                return Results.Ok();
            });
    }

    // Sent, then recorded: a crash between the two means Vonage resends and the text may arrive
    // twice; recorded first, a crash would lose it. A resend after the record is dropped by id.
    async Task<IResult> Forward(InboundText inbound, Relay relay, Route route, CancellationToken ct)
    {
        var conversation = await session.LoadAsync<Conversation>(relay.ConversationId, ct);
        if (conversation is not null && conversation.RelayedMessages.Contains(inbound.MessageId)) return Results.Ok();
        // Asked after the resend check, so a text Vonage delivers twice is asked about once. Blocked: dropped, with 200.
        if (intercept.EnabledFor(route) && (await intercept.AskAboutText(route, relay.From, inbound.MessageId, ct)).Blocked)
        {
            log.TextNotRelayed("the backend's intercept callback blocked it");
            return Results.Ok();
        }
        var sent = await sms.Send(new OutgoingSms(relay.Leg.ShownAs.Digits, relay.Leg.Destination.Digits, inbound.Text,
            $"{relay.ConversationId:N}-m"), ct);
        if (sent.IsLeft)
        {
            var failure = sent.LeftToSeq().Head();
            log.TextNotRelayed(failure.Reason);
            return failure.WorthRetrying ? ErrorResults.RelayUnavailable() : Results.Ok();
        }
        await store.Handle(relay.ConversationId, new ConversationCommand.RecordRelay(relay.From, inbound.MessageId,
            settings.KeepRelayedTexts ? inbound.Text : null, clock.GetUtcNow()), ct);
        return Results.Ok();
    }

    Either<string, InboundText> Read(WebhookFields f)
    {
        var region = settings.DefaultCountry;
        if (string.IsNullOrEmpty(f["messageId"]) || f["text"] is null) return "no messageId or text";
        return from sender in PhoneNumber.Parse(f["msisdn"], region).MapLeft(_ => "msisdn is not a phone number")
               from dialed in PhoneNumber.Parse(f["to"], region).MapLeft(_ => "to is not a phone number")
               select new InboundText(sender, dialed, f["messageId"]!, f["text"]!);
    }
}
