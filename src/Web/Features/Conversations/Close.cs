using Carter;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// DELETE /conversations/{id}: close it (idempotent). When this answers, this instance routes
/// none of its calls any more, and the others stop within milliseconds (docs/architecture.md).
/// </summary>
public sealed class Close : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapDelete("/{id:guid}", Handle).WithName("closeConversation")
            .WithSummary("Close a conversation (idempotent); its numbers stop routing at once")
            .Produces<ConversationView>().ProducesProblem(404);

    static async Task<IResult> Handle(Guid id, ConversationStore store, TimeProvider clock, CancellationToken ct) =>
        (await store.Handle(id, new ConversationCommand.Close(clock.GetUtcNow()), ct)).Match(
            Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
            Left: e => e.ToResult());
}
