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

/// <summary>A JSON merge patch (RFC 7396) of a conversation: its expiry, as ttlSeconds from now or an instant.</summary>
public sealed record UpdateConversationRequest(int? TtlSeconds = null, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// PATCH /conversations/{id}: extend or shorten a live conversation (a delayed ride). The new
/// expiry is an event; the route rows are rewritten in the same transaction, so every
/// instance's cache hears of it, and this one forgets its copy before answering.
/// </summary>
public sealed class Update : ICarterModule
{
    // Fields of the conversation that cannot be patched (yet): named, not silently ignored.
    static readonly string[] Unpatchable = ["userA", "userB", "reference", "callbackUrl", "status", "mode"];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapPatch("/{id:guid}", Handle).WithName("updateConversation")
            .WithSummary("Extend or shorten a conversation (JSON merge patch: ttlSeconds or expiresAt)")
            .WithDescription("ttlSeconds is counted from now; expiresAt is an instant. At most VoiceProxy:MaxTtlSeconds " +
                "from now; now or earlier ends the conversation. Every instance routes by the new expiry. 409 on an " +
                "ended conversation. Replacing a participant is not supported yet (422).")
            .Accepts<UpdateConversationRequest>("application/merge-patch+json", "application/json")
            .Produces<ConversationView>().ProducesValidationProblem(422).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(415);

    static async Task<IResult> Handle(Guid id, HttpRequest request, ConversationStore store, TimeProvider clock,
        IOptions<VoiceProxyOptions> options, CancellationToken ct)
    {
        if (request.ContentType is not { } type ||
            !(type.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) || request.HasJsonContentType()))
            return ErrorResults.NotJson();
        var patch = await Read(request, ct);
        if (patch.IsLeft) return new ConversationError.Invalid(patch.LeftToSeq().Head()).ToResult();
        var (ttl, at) = patch.RightToSeq().Head();
        var now = clock.GetUtcNow();
        var expiry = ExpiryChange.Validate(ttl, at, now, options.Value.Lifetime);
        if (expiry.IsFail) return new ConversationError.Invalid(expiry.FailToSeq()).ToResult();
        return (await store.Handle(id, new ConversationCommand.ChangeExpiry(expiry.SuccessToSeq().Head(), now), ct)).Match(
            Right: c => TypedResults.Ok(ConversationView.Of(c, clock.GetUtcNow())),
            Left: e => e.ToResult());
    }

    // Read by hand: a merge patch's null means "remove", and a field we cannot patch must be named.
    static async Task<Either<Seq<InputError>, (int? Ttl, DateTimeOffset? At)>> Read(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { AllowDuplicateProperties = false }, ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Seq1(new InputError("body", "must be a JSON object (a merge patch)"));
            var errors = Seq<InputError>();
            (int? Ttl, DateTimeOffset? At) patch = (null, null);
            foreach (var field in doc.RootElement.EnumerateObject())
                switch (field.Name)
                {
                    case "ttlSeconds" when field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out var ttl):
                        patch.Ttl = ttl;
                        break;
                    case "expiresAt" when field.Value.ValueKind == JsonValueKind.String && field.Value.TryGetDateTimeOffset(out var at):
                        patch.At = at;
                        break;
                    case "ttlSeconds":
                        errors = errors.Add(new InputError("ttlSeconds", "must be a whole number of seconds"));
                        break;
                    case "expiresAt":
                        errors = errors.Add(new InputError("expiresAt", "must be an ISO 8601 instant with an offset"));
                        break;
                    case var name when Unpatchable.Contains(name):
                        errors = errors.Add(new InputError(name, "cannot be changed by PATCH (yet)"));
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
