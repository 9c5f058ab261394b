using Microsoft.AspNetCore.Http.HttpResults;
using VoiceProxy.Core;

namespace VoiceProxy.Web.Infrastructure.Http;

/// <summary>Every domain error's HTTP face, in one place. No body holds a full real number.</summary>
public static class ErrorResults
{
    public static IResult ToResult(this ConversationError error) => error switch
    {
        ConversationError.Invalid i => Invalid(i.Errors),
        ConversationError.NotFound => Problem(404, "No such conversation."),
        ConversationError.AlreadyExists => Problem(409, "The conversation already exists."),
        ConversationError.Ended => Problem(409, "The conversation has ended.", "A closed or expired conversation cannot be changed."),
        ConversationError.StillLive => Problem(409, "The conversation is still live.",
            "Its participants' numbers are what connects their calls. Close it (DELETE /conversations/{id}) first, then erase."),
        ConversationError.NoFreeNumber n => Problem(409, "No virtual number is free.",
            $"Participant {n.Participant.Masked} already talks through every eligible virtual number. " +
            "Close one of their conversations or add numbers to the pool."),
        ConversationError.Contended c => Problem(409, "Concurrent creations took the chosen numbers.",
            $"Conversations for {c.A.Masked} / {c.B.Masked} were being created concurrently. Retry."),
        ConversationError.ProviderFailed p => p.Failure.ToResult(),
        ConversationError.KeyReused k => KeyReused(k.Key),
        ConversationError.TextOnItsWay t => Problem(409, "The participant's set-up text is still on its way.",
            $"{Core.Conversations.Role.Of(t.Side)}'s last set-up text has not been sent yet, or waits to be tried again (textStatus pending or " +
            "sending). Ask again once it is sent or failed: one text at a time."),
        _ => Problem(500, "Unexpected error."),
    };

    static ProblemHttpResult KeyReused(string key) => Problem(422, "The Idempotency-Key was used for a different request.",
        $"Idempotency-Key '{key}' was first sent with another body. Use a new key for a new request.");

    /// <summary>An inbound text we could not relay now: a 503, so Vonage sends it again later.</summary>
    public static IResult RelayUnavailable() =>
        Problem(503, "The text could not be relayed right now.", "The SMS provider is out of reach; send it again later.");

    public static IResult WrongMethod(string allowed) => Problem(405, "Method not allowed.", $"This webhook takes {allowed}.");

    public static IResult NotJson() => Problem(415, "Unsupported media type.", "This webhook takes application/json.");

    /// <summary>A webhook body we cannot read; the reason names no field's value.</summary>
    public static IResult MalformedWebhook(string reason) => Problem(400, "The webhook's body is malformed.", reason);

    public static IResult ToResult(this PoolError error) => error switch
    {
        PoolError.Invalid i => Invalid(i.Errors),
        PoolError.AlreadyInPool n => Problem(409, "The number is already in the pool.", n.Number.E164),
        PoolError.NotInPool => Problem(404, "No such number in the pool."),
        PoolError.InUse n => Problem(409, "The number is in use.",
            $"Active conversations route through {n.Number.E164}. Reserve it (PATCH) and release it once they end."),
        PoolError.PoolFull f => Problem(409, "The pool is full.",
            $"VoiceProxy:Pool:MaxSize is {f.MaxSize}. Release numbers or raise the limit."),
        PoolError.NoFictionalNumbers n => Problem(409, "The sandbox has no more such numbers.", n.Reason),
        PoolError.ProviderFailed p => p.Failure.ToResult(),
        PoolError.KeyReused k => KeyReused(k.Key),
        _ => Problem(500, "Unexpected error."),
    };

    /// <summary>502 when retrying cannot help, 503 when it may; names the Vonage operation.</summary>
    public static IResult ToResult(this ProviderFailure f) =>
        TypedResults.Problem(
            title: $"Vonage {f.Operation} failed.",
            detail: $"{f.Reason} {(f.WorthRetrying ? "Worth retrying later." : "Retrying will not help.")}",
            statusCode: f.WorthRetrying ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
            extensions: new Dictionary<string, object?> { ["operation"] = f.Operation, ["retryable"] = f.WorthRetrying });

    public static IResult InvalidField(string field, string message) =>
        Invalid(LanguageExt.Prelude.Seq1(new InputError(field, message)));

    static IResult Invalid(LanguageExt.Seq<InputError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request has invalid fields.", statusCode: StatusCodes.Status422UnprocessableEntity);

    static ProblemHttpResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
