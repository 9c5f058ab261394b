using Carter;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Http;
using static VoiceProxy.Core.ConversationError;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>GET /conversations/{id}: a conversation as it stands now (expiry applied to the tick).</summary>
public sealed class Read : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapGet("/{id:guid}", Handle).WithName("readConversation")
            .WithSummary("Read a conversation").Produces<ConversationView>().ProducesProblem(404);

    static async Task<IResult> Handle(Guid id, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        await session.LoadAsync<Conversation>(id, ct) is { } c
            ? TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow()))
            : new NotFound().ToResult();
}
