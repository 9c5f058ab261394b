using Carter;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Sandbox;

/// <summary>GET /sandbox/messages[?to=]: the sandbox's SMS outbox, what would have been texted, oldest first.</summary>
public sealed class Messages : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/sandbox/messages", Handle).WithName("listSandboxMessages")
            .WithTags("Sandbox").WithSummary("The sandbox's SMS outbox (404 in live mode)")
            .Produces<List<SandboxMessage>>().ProducesProblem(401).ProducesProblem(404).ProducesValidationProblem(422);

    static async Task<IResult> Handle(string? to, IQuerySession session, IOptions<VonageOptions> vonage,
        IOptions<VoiceProxyOptions> options, CancellationToken ct)
    {
        if (vonage.Value.IsLive) return Results.Problem(statusCode: 404, title: "There is no sandbox in live mode.");
        var messages = session.Query<SandboxMessage>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(to))
        {
            // The one place numbers are parsed: any form a participant's number may be written in.
            var recipient = PhoneNumber.Parse(to, options.Value.DefaultCountry);
            if (recipient.IsLeft) return ErrorResults.InvalidField("to", recipient.LeftToSeq().Head());
            var digits = recipient.RightToSeq().Head().Digits;
            messages = messages.Where(m => m.To == digits);
        }
        return Results.Ok(await messages.OrderBy(m => m.SentAt).ToListAsync(ct));
    }
}
