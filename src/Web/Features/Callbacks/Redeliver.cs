using Carter;
using Marten;
using VoiceProxy.Core.Callbacks;
using VoiceProxy.Web.Infrastructure.Http;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>POST /callbacks/{deliveryId}/redeliver: send one callback again, same id and payload, with a fresh retry window.</summary>
public sealed class Redeliver : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGroup("/callbacks").WithTags("Callbacks").ProducesProblem(401)
            .RequireRateLimiting(RateLimits.Api).ProducesProblem(429)
            .MapPost("/{deliveryId}/redeliver", Handle).WithName("redeliverCallback")
            .WithSummary("Send a callback again (same webhook-id and payload)")
            .Produces<CallbackView>(202).ProducesProblem(404);

    static async Task<IResult> Handle(string deliveryId, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<CallbackDelivery>(deliveryId, ct) is not { } delivery)
            return TypedResults.Problem(title: "No such callback.", statusCode: StatusCodes.Status404NotFound);
        var again = CallbackRules.Redeliver(delivery, clock.GetUtcNow());
        session.Store(again);
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/conversations/{again.ConversationId}/callbacks", CallbackView.Of(again));
    }
}
