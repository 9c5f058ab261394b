using Carter;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Conversations;

public sealed record ResendTextRequest(string? Participant);

/// <summary>
/// POST /conversations/{id}/resend-text: text a participant the number to call again, as a new
/// round of their set-up text (the decider's <c>TextRequested</c>). The set-up text's own delivery
/// sends it, with everything it does for the first one: after the answer, at least once, never
/// twice, retried while Vonage cannot take it, its outcome in the trail and in a callback. For a
/// backend told sms.failed (an outage longer than the retries, a number that could not take it
/// then), or a participant who lost the text.
/// </summary>
public sealed class ResendText : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapPost("/{id:guid}/resend-text", Handle).WithName("resendSetupText")
            .WithSummary("Text a participant the number to call again")
            .WithDescription("participant is userA or userB. 202: the text goes out within moments, as the first one " +
                "did; the participant's textStatus is pending until it has, and sms.sent or sms.failed follows. 409 while " +
                "that participant's last set-up text is still on its way (pending: not sent yet, or waiting to be tried " +
                "again; sending): one at a time. Once it has been sent, " +
                "each request sends one more, unless it repeats an Idempotency-Key: the same key and participant again " +
                "answer 202 with Idempotent-Replayed: true and send nothing (a backend retrying a request it never heard back from texts nobody twice); " +
                "the key with the other participant is 422. Keys are scoped to the conversation. 409 on an ended " +
                "conversation: its numbers no longer connect.")
            .Produces<ConversationView>(202).ProducesValidationProblem(422).ProducesProblem(404).ProducesProblem(409);

    static async Task<IResult> Handle(Guid id, ResendTextRequest? request, HttpContext http, ConversationStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var key = IdempotencyHeader.Of(http);
        var side = Role.Parse(request?.Participant);
        if (key.IsFail || side is null)
            return new ConversationError.Invalid(key.FailToSeq()
                + (side is null ? Seq1(new InputError("participant", "must be userA or userB")) : Empty)).ToResult();
        // Scoped to the conversation, not to the API key as a creation's is: the key is only ever looked up there.
        var under = key.SuccessToSeq().Head().Map(k => k.Key).MatchUnsafe(k => k, () => null);
        var asked = new ConversationCommand.RequestText(side.Value, clock.GetUtcNow(), under);
        return (await store.HandleTelling(id, Seq1<ConversationCommand>(asked), ct)).Match(
            Right: d =>
            {
                // Granted before under this key: nothing appended now. The answer is the conversation as it is now.
                if (d.Events.IsEmpty) http.Response.Headers["Idempotent-Replayed"] = "true";
                return (IResult)TypedResults.Accepted($"/conversations/{id}", ConversationView.Of(d.State!, clock.GetUtcNow()));
            },
            Left: e => e.ToResult());
    }
}
