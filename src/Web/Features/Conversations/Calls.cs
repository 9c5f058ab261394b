using Carter;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static VoiceProxy.Core.ConversationError;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>GET /conversations/{id}/calls: the call log, folded from the recorded Vonage events.</summary>
public sealed class Calls : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapGet("/{id:guid}/calls", Handle).WithName("listConversationCalls")
            .WithSummary("The call log: who called whom, when, for how long, and how each call ended")
            .Produces<List<CallView>>().ProducesProblem(404);

    static async Task<IResult> Handle(Guid id, ConversationQueries queries, CancellationToken ct) =>
        (await queries.Trail(id, ct)).Match(
            Some: t => TypedResults.Ok(CallLog.Of(t.Conversation, t.Events.Select(e => e.Data)
                .OfType<ConversationEvent.CallEventRecorded>().Select(r => r.Call)).Map(CallView.Of).ToList()),
            None: () => new NotFound().ToResult());
}

/// <summary>One call of the call log.</summary>
public sealed record CallView(string Uuid, string Direction, DateTimeOffset? StartedAt, DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt, int? DurationSeconds, string Status)
{
    public static CallView Of(CallRecord r) => new(r.Uuid, Name(r.Direction),
        r.StartedAt.ToNullable(), r.AnsweredAt.ToNullable(), r.EndedAt.ToNullable(), r.DurationSeconds.ToNullable(),
        r.Status.Value);

    static string Name(CallWay way) => way == CallWay.Unknown ? "unknown" : way.ToString();
}
