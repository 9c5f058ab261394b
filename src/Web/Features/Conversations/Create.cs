using Carter;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Http;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Conversations;

/// <param name="Reference">The backend's own id for what the conversation is about (a ride, an order).</param>
/// <param name="CallbackUrl">Where this conversation's callbacks go, instead of VoiceProxy:Callbacks:Url.</param>
/// <param name="Mode">voice (the default), message or voice-and-message: what the virtual numbers carry.</param>
/// <param name="NumberSelection">prefer-sticky (the default: a pair who talked before get their numbers back) or avoid-sticky.</param>
/// <param name="Language">What the participants are spoken and texted to in (BCP-47, one of the languages Vonage's talk
/// action speaks, e.g. es-ES): the configured texts of that language, or the default ones when it has none.</param>
/// <param name="InterceptUrl">Asked before each of this conversation's calls and relayed texts, instead of VoiceProxy:Intercept:Url.</param>
public sealed record CreateConversationRequest(
    string? UserA, string? UserB, int? TtlSeconds = null, string? Reference = null, string? CallbackUrl = null,
    string? Mode = null, string? NumberSelection = null, string? Language = null, string? InterceptUrl = null);

/// <summary>A creation's answer: the conversation, and whether it was made by an earlier request under the same key.</summary>
public sealed record Created(Conversation Conversation, bool Replayed);

/// <summary>POST /conversations: create a conversation and text both users the number to call.</summary>
public sealed class Create : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapPost("/", Handle).WithName("createConversation")
            .WithSummary("Create a conversation and text both users the number to call")
            .WithDescription("With an Idempotency-Key header, the same request again within 24 hours answers with " +
                "the first conversation (Idempotent-Replayed: true) and texts nobody again; the same key with another " +
                "body is 422. Keys are scoped to the API key that sent them.")
            .Produces<ConversationView>(201).ProducesValidationProblem(422).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503);

    static async Task<IResult> Handle(CreateConversationRequest? request, HttpContext http, CreateConversation create,
        CancellationToken ct)
    {
        var key = IdempotencyHeader.Of(http);
        if (key.IsFail) return new ConversationError.Invalid(key.FailToSeq()).ToResult();
        var created = await create.Run(request ?? new(null, null), key.SuccessToSeq().Head(), ct);
        return created.Match(
            Right: c =>
            {
                if (c.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
                // As at creation, so a replay answers exactly what the first request did.
                return (IResult)TypedResults.Created($"/conversations/{c.Conversation.Id}",
                    ConversationView.Of(c.Conversation, c.Conversation.CreatedAt));
            },
            Left: e => e.ToResult());
    }
}

/// <summary>
/// The create workflow: reads and writes here, every decision in the core (validation,
/// <see cref="Creation"/>'s policy, <see cref="Allocator"/>, the decider). Read the pool →
/// validate → check both numbers with the provider → allocate and open (again if a route was
/// taken concurrently; after renting a number, once, if the pool ran out). The texts to both
/// users go out from the event store afterwards (<see cref="TextParticipants"/>).
/// </summary>
public sealed class CreateConversation(
    NumberPool pool, PoolChanges poolChanges, ConversationStore store, INumberInsight insight,
    TimeProvider clock, IOptions<VoiceProxyOptions> options,
    IOptions<PoolOptions> poolOptions, IdempotencyKeys keys, IOptions<Callbacks.CallbackOptions> callbacks,
    ILogger<CreateConversation> log)
{
    readonly VoiceProxyOptions settings = options.Value;
    readonly PoolOptions poolSettings = poolOptions.Value;

    /// <param name="key">The Idempotency-Key and the caller it belongs to, if one was sent.</param>
    public async Task<Either<ConversationError, Created>> Run(
        CreateConversationRequest request, Option<(string Caller, string Key)> key, CancellationToken ct)
    {
        var claim = key.Map(k => new KeyClaim(k.Caller, k.Key, IdempotencyHeader.Fingerprint(request)));
        var stale = false;
        foreach (var c in claim)
        {
            var earlier = await keys.Check(c, ct);
            if (earlier.Answer.IsSome) return earlier.Answer.Head();
            stale = earlier.Stale;
        }
        var snapshot = await pool.Load(ct);
        var validated = NewConversation.Validate(request.UserA, request.UserB, request.TtlSeconds,
            settings.Lifetime, settings.DefaultCountry, snapshot.All, request.Reference, request.CallbackUrl, request.Mode,
            request.NumberSelection, request.Language, request.InterceptUrl);
        if (validated.IsFail) return new ConversationError.Invalid(validated.FailToSeq());
        // Callbacks are always signed: a URL we could not sign for would only ever get unverifiable posts.
        var unsignable = Seq(("callbackUrl", request.CallbackUrl), ("interceptUrl", request.InterceptUrl))
            .Filter(u => u.Item2 is not null && !callbacks.Value.Signing)
            .Map(u => new InputError(u.Item1, "cannot be used: this service has no VoiceProxy:Callbacks:Secret to sign callbacks with"));
        if (!unsignable.IsEmpty) return new ConversationError.Invalid(unsignable);
        var pair = await Check(validated.SuccessToSeq().Head(), ct);
        if (pair.IsLeft) return pair.Map(_ => default(Created)!);
        return await Open(pair.RightToSeq().Head(), snapshot, claim, stale, ct);
    }

    // Both lookups at once: two round trips to the provider cost the time of one.
    async Task<Either<ConversationError, NewConversation>> Check(NewConversation pair, CancellationToken ct)
    {
        var lookups = await Task.WhenAll(Normalised(pair.A, ct), Normalised(pair.B, ct));
        return Creation.Checked(pair, lookups[0], lookups[1]);
    }

    async Task<Either<ProviderFailure, Core.Numbers.PhoneNumber>> Normalised(Core.Numbers.PhoneNumber n, CancellationToken ct) =>
        (await insight.Basic(n, ct)).BiMap(i => i.Number, f => f.ToProviderFailure());

    async Task<Either<ConversationError, Created>> Open(
        NewConversation pair, PoolSnapshot snapshot, Option<KeyClaim> claim, bool staleKey, CancellationToken ct)
    {
        var provisioned = false;
        for (var attempt = 1; ; attempt++)
        {
            var standing = await pool.Standing(pair.A, pair.B, ct);
            var chosen = Allocator.Choose(snapshot.Callable, standing.A, standing.B, standing.History,
                new AllocationPolicy(poolSettings.RequireLocal, pair.Stickiness), Random.Shared.Next());
            switch (Creation.AfterAllocation(chosen, mayProvision: poolSettings.AutoProvision && !provisioned))
            {
                case CreationStep.Provision p:
                    // The seed tutorial: "rent additional numbers on the fly". One, local to the dialer.
                    var rented = await poolChanges.Provision(p.For.Country, 1, PoolNumber.DefaultFeatures, ct);
                    if (rented.IsLeft)
                    {
                        log.AutoProvisionFailed(p.For.Country, rented.LeftToSeq().Head().GetType().Name);
                        return new ConversationError.NoFreeNumber(p.For);
                    }
                    (provisioned, snapshot) = (true, await pool.Load(ct));
                    continue;
                case CreationStep.Open o:
                    var command = OpenCommand(pair, o.Numbers);
                    var stored = claim.Map(c => c.Stored(command.ConversationId, command.Now));
                    var opened = await store.Start(command, stored.MatchUnsafe(s => s, () => null), staleKey, ct);
                    // Another request under the same key may have won: then its conversation is the answer.
                    foreach (var c in claim.Filter(_ => opened.IsLeft))
                        if ((await keys.Check(c, ct)).Answer is { IsSome: true } earlier) return earlier.Head();
                    if (Creation.AfterOpen(opened, attempt, poolSettings.AllocationAttempts) is CreationStep.Done done)
                        return done.Result.Map(c => new Created(c, Replayed: false));
                    // Spread retries out, so racing creators do not meet again at once.
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                    continue;
                case CreationStep.Done d:
                    return d.Result.Map(c => new Created(c, Replayed: false));
            }
        }
    }

    ConversationCommand.Open OpenCommand(NewConversation pair, Allocation numbers)
    {
        var now = clock.GetUtcNow();
        return new ConversationCommand.Open(Guid.CreateVersion7(),
            new Participant(pair.A, numbers.ForA), new Participant(pair.B, numbers.ForB),
            now, now.AddSeconds(pair.TtlSeconds), pair.Link, pair.Channels, pair.Language);
    }
}
