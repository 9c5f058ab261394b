using Carter;
using JasperFx.Events;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static VoiceProxy.Core.ConversationError;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>GET /conversations/{id}/events: the audit trail, every stored event in order.</summary>
public sealed class Events : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapGet("/{id:guid}/events", Handle).WithName("listConversationEvents")
            .WithSummary("The audit trail: every event of the conversation, in order")
            .Produces<List<EventView>>().ProducesProblem(404);

    static async Task<IResult> Handle(Guid id, ConversationQueries queries, CancellationToken ct) =>
        (await queries.Trail(id, ct)).Match(
            Some: t => TypedResults.Ok(t.Events.Select(EventView.Of).ToList()),
            None: () => new NotFound().ToResult());
}

/// <summary>One entry of a conversation's audit trail: the stored event as it is.</summary>
public sealed record EventView(long Version, string Type, DateTimeOffset Time, object Data)
{
    public static EventView Of(IEvent e) => new(e.Version, e.EventTypeName, e.Timestamp, e.Data);
}
