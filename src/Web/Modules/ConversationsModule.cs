using Carter;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Conversations;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Persistence;
using static VoiceProxy.Core.ConversationError;

namespace VoiceProxy.Web.Modules;

public sealed class ConversationsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/conversations").WithTags("Conversations");

        conversations.MapPost("/", async (CreateConversationRequest? request, CreateConversation create,
                TimeProvider clock, CancellationToken ct) =>
            (await create.Run(request ?? new(null, null), ct)).Match(
                Right: c => TypedResults.Created($"/conversations/{c.Id}", ConversationView.Of(c, clock.GetUtcNow())),
                Left: e => e.ToResult()));

        conversations.MapGet("/{id:guid}", async (Guid id, IQuerySession session, TimeProvider clock,
                CancellationToken ct) =>
            await session.LoadAsync<Conversation>(id, ct) is { } c
                ? TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow()))
                : new NotFound().ToResult());

        conversations.MapDelete("/{id:guid}", async (Guid id, ConversationStore store, TimeProvider clock,
                CancellationToken ct) =>
            (await store.Handle(id, new ConversationCommand.Close(clock.GetUtcNow()), ct)).Match(
                Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
                Left: e => e.ToResult()));
    }
}
