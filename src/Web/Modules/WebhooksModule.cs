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
            .WithMetadata(new WithoutApiKey()).AddEndpointFilter<WebhookSignatureFilter>();

        // GET is Vonage's default; /proxy-call is the seed tutorial's path for the same thing.
        foreach (var path in new[] { "/webhooks/answer", "/proxy-call" })
            hooks.MapGet(path, async ([FromQuery(Name = "from")] string? caller,
                    [FromQuery(Name = "to")] string? dialed, HttpRequest http, AnswerCall answer, CancellationToken ct) =>
                (await answer.Run(caller, dialed, BaseUrl(http), ct)).ToResult());

        hooks.MapPost("/webhooks/answer", async (HttpRequest request, AnswerCall answer, CancellationToken ct) =>
        {
            var fields = await WebhookFields.FromBody(request, ct);
            return (await answer.Run(fields["from"], fields["to"], BaseUrl(request), ct)).ToResult();
        });

        // ?conversation= is set by our own connect's eventUrl; the application-wide event URL has none.
        hooks.MapGet("/webhooks/event", async (HttpRequest request, Guid? conversation, RecordCallEvent record,
                CancellationToken ct) =>
            EventResult(await record.Run(WebhookFields.FromQuery(request.Query), conversation, ct)));

        hooks.MapPost("/webhooks/event", async (HttpRequest request, Guid? conversation, RecordCallEvent record,
                CancellationToken ct) =>
            EventResult(await record.Run(await WebhookFields.FromBody(request, ct), conversation, ct)));
    }

    static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    // A fallback NCCO (busy, unanswered…) for a synchronous connect; otherwise nothing to say.
    static IResult EventResult(LanguageExt.Option<VoiceProxy.Core.CallControl.Ncco> fallback) =>
        fallback.Match(Some: ncco => ncco.ToResult(), None: () => TypedResults.NoContent());
}
