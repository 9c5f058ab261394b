using Carter;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// DELETE /conversations/{id}/personal-data: erase an ended conversation's personal data now,
/// instead of at the end of the retention period (a participant's request to be forgotten).
/// Idempotent: a repeat answers the same, and finishes an erasure a crash interrupted.
/// </summary>
public sealed class ErasePersonalData : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapDelete("/{id:guid}/personal-data", Handle).WithName("erasePersonalData")
            .WithSummary("Erase an ended conversation's real numbers and relayed texts from everything the service keeps")
            .WithDescription("The conversation, its audit trail and its callbacks keep what happened (times, statuses, " +
                "the virtual numbers) without who: participants' numbers read null in the conversation and \"erased\" in " +
                "the trail, call events lose their numbers, relayed texts their words. 409 while the conversation is live: " +
                "close it first. Idempotent.")
            .Produces<ConversationView>().ProducesProblem(404).ProducesProblem(409);

    static async Task<IResult> Handle(Guid id, PersonalDataErasure erasure, TimeProvider clock, CancellationToken ct) =>
        (await erasure.Erase(id, clock.GetUtcNow(), ct)).Match(
            Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
            Left: e => e.ToResult());
}
