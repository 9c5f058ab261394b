using Carter;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Sandbox;

/// <summary>The sandbox's SMS outbox: what would have been texted, oldest first.</summary>
public sealed class Messages : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/sandbox/messages", async (string? to, IQuerySession session, IOptions<VonageOptions> vonage,
                CancellationToken ct) =>
            {
                if (vonage.Value.IsLive) return Results.Problem(statusCode: 404, title: "There is no sandbox in live mode.");
                var messages = session.Query<SandboxMessage>().AsQueryable();
                if (!string.IsNullOrWhiteSpace(to))
                {
                    var digits = to.Trim().TrimStart('+');
                    messages = messages.Where(m => m.To == digits);
                }
                return Results.Ok(await messages.OrderBy(m => m.SentAt).ToListAsync(ct));
            })
            .WithTags("Sandbox").WithSummary("The sandbox's SMS outbox (404 in live mode)")
            .Produces<List<SandboxMessage>>().ProducesProblem(401).ProducesProblem(404);
}
