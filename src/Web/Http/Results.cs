using VoiceProxy.Core;

namespace VoiceProxy.Web.Http;

/// <summary>Every conversation error's HTTP face, in one place. No body holds a full real number.</summary>
public static class ErrorResults
{
    public static IResult ToResult(this ConversationError error) => error switch
    {
        ConversationError.Invalid i => Results.ValidationProblem(
            i.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request has invalid fields.", statusCode: StatusCodes.Status422UnprocessableEntity),
        ConversationError.NotFound => Problem(404, "No such conversation."),
        ConversationError.AlreadyExists => Problem(409, "The conversation already exists."),
        ConversationError.NoFreeNumber n => Problem(409, "No virtual number is free.",
            $"Participant {n.Participant.Masked} already talks through every eligible virtual number. " +
            "Close one of their conversations or add numbers to the pool."),
        ConversationError.Contended c => Problem(409, "Concurrent creations took the chosen numbers.",
            $"Conversations for {c.A.Masked} / {c.B.Masked} were being created concurrently. Retry."),
        _ => Problem(500, "Unexpected error."),
    };

    static IResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);
}
