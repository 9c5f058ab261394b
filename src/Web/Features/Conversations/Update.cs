using System.Text.Json;
using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// A JSON merge patch (RFC 7396) of a conversation: its expiry, as ttlSeconds from now or an
/// instant; or one participant replaced by another person (userA or userB).
/// </summary>
public sealed record UpdateConversationRequest(int? TtlSeconds = null, DateTimeOffset? ExpiresAt = null,
    string? UserA = null, string? UserB = null);

/// <summary>What a patch asks for, as read: a new expiry, a newcomer for one side, or both.</summary>
sealed record Patch(int? Ttl, DateTimeOffset? At, (Side Side, string? Raw)? Newcomer)
{
    public bool MovesExpiry => Ttl is not null || At is not null;
}

/// <summary>
/// PATCH /conversations/{id}: extend or shorten a live conversation (a delayed ride), or replace
/// a participant (a reassigned driver). Each is an event; the route rows are rewritten in the same
/// transaction, so every instance's cache hears of it, and this one forgets its copy before answering.
/// </summary>
public sealed class Update : ICarterModule
{
    // Fields of the conversation that cannot be patched: named, not silently ignored.
    static readonly string[] Unpatchable = ["reference", "callbackUrl", "status", "mode"];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapPatch("/{id:guid}", Handle).WithName("updateConversation")
            .WithSummary("Extend or shorten a conversation, or replace a participant (JSON merge patch)")
            .WithDescription("ttlSeconds is counted from now; expiresAt is an instant. At most VoiceProxy:MaxTtlSeconds " +
                "from now; now or earlier ends the conversation. Every instance routes by the new expiry. userA or userB " +
                "(one per request) puts another person in that participant's place: the replaced person's calls and " +
                "texts stop reaching the conversation at once; the other participant keeps the number they call where " +
                "the pool allows (then they get no new text); the newcomer is texted the number to call. 409 on an " +
                "ended conversation, or when no virtual number is free for the newcomer.")
            .Accepts<UpdateConversationRequest>("application/merge-patch+json", "application/json")
            .Produces<ConversationView>().ProducesValidationProblem(422).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(415);

    static async Task<IResult> Handle(Guid id, HttpRequest request, ConversationStore store, TimeProvider clock,
        IOptions<VoiceProxyOptions> options, ReplaceParticipantWorkflow replace, CancellationToken ct)
    {
        if (request.ContentType is not { } type ||
            !(type.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) || request.HasJsonContentType()))
            return ErrorResults.NotJson();
        var read = await Read(request, ct);
        if (read.IsLeft) return new ConversationError.Invalid(read.LeftToSeq().Head()).ToResult();
        var patch = read.RightToSeq().Head();
        var now = clock.GetUtcNow();
        var expiry = patch.MovesExpiry || patch.Newcomer is null
            ? ExpiryChange.Validate(patch.Ttl, patch.At, now, options.Value.Lifetime).Map(at =>
                Seq1<ConversationCommand>(new ConversationCommand.ChangeExpiry(at, now)))
            : Success<InputError, Seq<ConversationCommand>>(Empty);
        if (expiry.IsFail) return new ConversationError.Invalid(expiry.FailToSeq()).ToResult();
        var commands = expiry.SuccessToSeq().Head();
        var updated = patch.Newcomer is { } newcomer
            ? await replace.Run(id, newcomer.Side, newcomer.Raw, commands, ct)
            : await store.Handle(id, commands, ct);
        return updated.Match(
            Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
            Left: e => e.ToResult());
    }

    // Read by hand: a merge patch's null means "remove", and a field we cannot patch must be named.
    static async Task<Either<Seq<InputError>, Patch>> Read(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false }, ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Seq1(new InputError("body", "must be a JSON object (a merge patch)"));
            var errors = Seq<InputError>();
            var patch = new Patch(null, null, null);
            foreach (var field in doc.RootElement.EnumerateObject())
                switch (field.Name)
                {
                    case "ttlSeconds" when field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out var ttl):
                        patch = patch with { Ttl = ttl };
                        break;
                    case "expiresAt" when field.Value.ValueKind == JsonValueKind.String && field.Value.TryGetDateTimeOffset(out var at):
                        patch = patch with { At = at };
                        break;
                    case "ttlSeconds":
                        errors = errors.Add(new InputError("ttlSeconds", "must be a whole number of seconds"));
                        break;
                    case "expiresAt":
                        errors = errors.Add(new InputError("expiresAt", "must be an ISO 8601 instant with an offset"));
                        break;
                    case "userA" or "userB" when patch.Newcomer is not null:
                        errors = errors.Add(new InputError(field.Name, "cannot be replaced in the same request as the other participant"));
                        break;
                    case "userA" or "userB" when field.Value.ValueKind == JsonValueKind.String:
                        patch = patch with { Newcomer = (field.Name == "userA" ? Side.A : Side.B, field.Value.GetString()) };
                        break;
                    case "userA" or "userB":
                        errors = errors.Add(new InputError(field.Name, "must be a phone number: a participant can be replaced, not removed"));
                        break;
                    case var name when Unpatchable.Contains(name):
                        errors = errors.Add(new InputError(name, "cannot be changed by PATCH"));
                        break;
                    case var name:
                        errors = errors.Add(new InputError(name, "is not a field of a conversation"));
                        break;
                }
            return errors.IsEmpty ? patch : errors;
        }
        catch (JsonException)
        {
            return Seq1(new InputError("body", "is not well-formed JSON"));
        }
    }
}
