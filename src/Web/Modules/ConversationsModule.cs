using Carter;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Conversations;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Http;
using VoiceProxy.Web.Persistence;
using static VoiceProxy.Core.ConversationError;

namespace VoiceProxy.Web.Modules;

public sealed class ConversationsModule : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/conversations").WithTags("Conversations").ProducesProblem(401);

        conversations.MapPost("/", async (CreateConversationRequest? request, CreateConversation create,
                TimeProvider clock, CancellationToken ct) =>
            (await create.Run(request ?? new(null, null), ct)).Match(
                Right: c => TypedResults.Created($"/conversations/{c.Id}", ConversationView.Of(c, clock.GetUtcNow())),
                Left: e => e.ToResult()))
            .WithSummary("Create a conversation and text both users the number to call")
            .Produces<ConversationView>(201).ProducesValidationProblem(422).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503);

        conversations.MapGet("/", async (string? participant, string? status, int? limit, string? after,
                ConversationQueries queries, TimeProvider clock, IOptions<VoiceProxyOptions> options,
                CancellationToken ct) =>
            await ListConversations.Filter(participant, status, limit, after, options.Value.DefaultCountry).Match(
                Succ: async filter => Page(await queries.List(filter, clock.GetUtcNow(), ct), clock.GetUtcNow()),
                Fail: errors => Task.FromResult(new Invalid(errors).ToResult())))
            .WithSummary("List conversations, oldest first, with cursor paging")
            .Produces<ConversationPageView>().ProducesValidationProblem(422);

        conversations.MapGet("/{id:guid}", async (Guid id, IQuerySession session, TimeProvider clock,
                CancellationToken ct) =>
            await session.LoadAsync<Conversation>(id, ct) is { } c
                ? TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow()))
                : new NotFound().ToResult())
            .WithSummary("Read a conversation").Produces<ConversationView>().ProducesProblem(404);

        conversations.MapDelete("/{id:guid}", async (Guid id, ConversationStore store, TimeProvider clock,
                CancellationToken ct) =>
            (await store.Handle(id, new ConversationCommand.Close(clock.GetUtcNow()), ct)).Match(
                Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
                Left: e => e.ToResult()))
            .WithSummary("Close a conversation (idempotent); its numbers stop routing at once")
            .Produces<ConversationView>().ProducesProblem(404);

        conversations.MapGet("/{id:guid}/events", async (Guid id, ConversationQueries queries, CancellationToken ct) =>
            (await queries.Trail(id, ct)).Match(
                Some: t => TypedResults.Ok(t.Events.Select(EventView.Of).ToList()),
                None: () => new NotFound().ToResult()))
            .WithSummary("The audit trail: every event of the conversation, in order")
            .Produces<List<EventView>>().ProducesProblem(404);

        conversations.MapGet("/{id:guid}/calls", async (Guid id, ConversationQueries queries, CancellationToken ct) =>
            (await queries.Trail(id, ct)).Match(
                Some: t => TypedResults.Ok(CallLog.Of(t.Conversation, t.Events.Select(e => e.Data)
                    .OfType<ConversationEvent.CallEventRecorded>().Select(r => r.Call)).Map(CallView.Of).ToList()),
                None: () => new NotFound().ToResult()))
            .WithSummary("The call log: who called whom, when, for how long, and how each call ended")
            .Produces<List<CallView>>().ProducesProblem(404);
    }

    static IResult Page(ConversationPage page, DateTimeOffset now) =>
        TypedResults.Ok(new ConversationPageView(
            page.Items.Select(c => ConversationView.Of(c, now)).ToList(), page.Next?.ToString()));
}
