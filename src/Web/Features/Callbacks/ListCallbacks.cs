using Carter;
using Marten;
using VoiceProxy.Core;
using VoiceProxy.Core.Callbacks;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Features.Conversations;
using VoiceProxy.Web.Infrastructure.Http;

namespace VoiceProxy.Web.Features.Callbacks;

/// <summary>GET /conversations/{id}/callbacks: every callback of a conversation and where its delivery stands.</summary>
public sealed class ListCallbacks : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapGet("/{id:guid}/callbacks", Handle).WithName("listConversationCallbacks")
            .WithSummary("List a conversation's callbacks and their delivery (attempts, last result, next try)")
            .Produces<IReadOnlyList<CallbackView>>().ProducesProblem(404);

    static async Task<IResult> Handle(Guid id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Conversation>(id, ct) is null) return new ConversationError.NotFound().ToResult();
        var deliveries = await session.Query<CallbackDelivery>().Where(d => d.ConversationId == id)
            .OrderBy(d => d.Sequence).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(CallbackView.Of).ToList());
    }
}
