using Carter;
using Microsoft.AspNetCore.Mvc;
using VoiceProxy.Web.Conversations;
using VoiceProxy.Web.Http;

namespace VoiceProxy.Web.Modules;

/// <summary>
/// Vonage's webhooks. The answer webhook always answers 200 with an NCCO; the event webhook
/// always 204, found or not, so Vonage never retries what we chose to drop.
/// </summary>
public sealed class WebhooksModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("").WithTags("Vonage webhooks");

        // GET is Vonage's default; /proxy-call is the seed tutorial's path for the same thing.
        foreach (var path in new[] { "/webhooks/answer", "/proxy-call" })
            hooks.MapGet(path, async ([FromQuery(Name = "from")] string? caller,
                    [FromQuery(Name = "to")] string? dialed, AnswerCall answer, CancellationToken ct) =>
                (await answer.Run(caller, dialed, ct)).ToResult());

        hooks.MapPost("/webhooks/answer", async (HttpRequest request, AnswerCall answer, CancellationToken ct) =>
        {
            var fields = await WebhookFields.FromBody(request, ct);
            return (await answer.Run(fields["from"], fields["to"], ct)).ToResult();
        });

        hooks.MapGet("/webhooks/event", async (HttpRequest request, RecordCallEvent record, CancellationToken ct) =>
        {
            await record.Run(WebhookFields.FromQuery(request.Query), ct);
            return TypedResults.NoContent();
        });

        hooks.MapPost("/webhooks/event", async (HttpRequest request, RecordCallEvent record, CancellationToken ct) =>
        {
            await record.Run(await WebhookFields.FromBody(request, ct), ct);
            return TypedResults.NoContent();
        });
    }
}
