using Carter;
using Microsoft.AspNetCore.Mvc;
using VoiceProxy.Web.Conversations;
using VoiceProxy.Web.Http;

namespace VoiceProxy.Web.Modules;

/// <summary>
/// Vonage's webhooks. The answer webhook always answers 200 with an NCCO; the event webhook
/// 204, found or not, so Vonage never retries what we chose to drop — except that a connect
/// which failed (busy, unanswered…) gets a fallback NCCO.
/// </summary>
public sealed class WebhooksModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        // Vonage cannot send our API key; these are guarded by its signature instead.
        var hooks = app.MapGroup("").WithTags("Vonage webhooks")
            .WithMetadata(new WithoutApiKey()).AddEndpointFilter<WebhookSignatureFilter>().ProducesProblem(401);

        // GET is Vonage's default; /proxy-call is the seed tutorial's path for the same thing.
        foreach (var path in new[] { "/webhooks/answer", "/proxy-call" })
            hooks.MapGet(path, async ([FromQuery(Name = "from")] string? caller,
                    [FromQuery(Name = "to")] string? dialed, HttpRequest http, AnswerCall answer, CancellationToken ct) =>
                (await answer.Run(caller, dialed, BaseUrl(http), ct)).ToResult())
                .WithSummary("Answer webhook (GET, Vonage's default)").WithDescription(WebhookDocs.AnswerDescription)
                .Produces<WebhookDocs.NccoAction[]>();

        hooks.MapPost("/webhooks/answer", async (HttpRequest request, AnswerCall answer, CancellationToken ct) =>
        {
            var fields = await WebhookFields.FromBody(request, ct);
            return (await answer.Run(fields["from"], fields["to"], BaseUrl(request), ct)).ToResult();
        })
            .WithSummary("Answer webhook (POST JSON)").WithDescription(WebhookDocs.AnswerDescription)
            .Accepts<WebhookDocs.AnswerRequest>("application/json").Produces<WebhookDocs.NccoAction[]>();

        // ?conversation= is set by our own connect's eventUrl; the application-wide event URL has none.
        hooks.MapGet("/webhooks/event", async (HttpRequest request, Guid? conversation, RecordCallEvent record,
                CancellationToken ct) =>
            EventResult(await record.Run(WebhookFields.FromQuery(request.Query), conversation, ct)))
            .WithSummary("Event webhook (GET)").WithDescription(WebhookDocs.EventDescription)
            .Produces(204).Produces<WebhookDocs.NccoAction[]>();

        hooks.MapPost("/webhooks/event", async (HttpRequest request, Guid? conversation, RecordCallEvent record,
                CancellationToken ct) =>
            EventResult(await record.Run(await WebhookFields.FromBody(request, ct), conversation, ct)))
            .WithSummary("Event webhook (POST JSON, Vonage's default)").WithDescription(WebhookDocs.EventDescription)
            .Accepts<WebhookDocs.EventRequest>("application/json").Produces(204).Produces<WebhookDocs.NccoAction[]>();
    }

    static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    // A fallback NCCO (busy, unanswered…) for a synchronous connect; otherwise nothing to say.
    static IResult EventResult(LanguageExt.Option<VoiceProxy.Core.CallControl.Ncco> fallback) =>
        fallback.Match(Some: ncco => ncco.ToResult(), None: () => TypedResults.NoContent());
}
