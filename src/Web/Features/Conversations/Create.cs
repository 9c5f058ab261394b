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

namespace VoiceProxy.Web.Features.Conversations;

public sealed record CreateConversationRequest(string? UserA, string? UserB, int? TtlSeconds = null);

/// <summary>POST /conversations: create a conversation and text both users the number to call.</summary>
public sealed class Create : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapConversations().MapPost("/", Handle)
            .WithSummary("Create a conversation and text both users the number to call")
            .Produces<ConversationView>(201).ProducesValidationProblem(422).ProducesProblem(409)
            .ProducesProblem(502).ProducesProblem(503);

    static async Task<IResult> Handle(CreateConversationRequest? request, CreateConversation create,
        TimeProvider clock, CancellationToken ct) =>
        (await create.Run(request ?? new(null, null), ct)).Match(
            Right: c => TypedResults.Created($"/conversations/{c.Id}", ConversationView.Of(c, clock.GetUtcNow())),
            Left: e => e.ToResult());
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
    IOptions<PoolOptions> poolOptions, ILogger<CreateConversation> log)
{
    readonly VoiceProxyOptions settings = options.Value;
    readonly PoolOptions poolSettings = poolOptions.Value;

    public async Task<Either<ConversationError, Conversation>> Run(CreateConversationRequest request, CancellationToken ct)
    {
        var snapshot = await pool.Load(ct);
        var validated = NewConversation.Validate(request.UserA, request.UserB, request.TtlSeconds,
            settings.Lifetime, settings.DefaultCountry, snapshot.All);
        if (validated.IsFail) return new ConversationError.Invalid(validated.FailToSeq());
        var pair = await Check(validated.SuccessToSeq().Head(), ct);
        if (pair.IsLeft) return pair.Map(_ => default(Conversation)!);
        return await Open(pair.RightToSeq().Head(), snapshot, ct);
    }

    // Both lookups at once: two round trips to the provider cost the time of one.
    async Task<Either<ConversationError, NewConversation>> Check(NewConversation pair, CancellationToken ct)
    {
        var lookups = await Task.WhenAll(Normalised(pair.A, ct), Normalised(pair.B, ct));
        return Creation.Checked(pair, lookups[0], lookups[1]);
    }

    async Task<Either<ProviderFailure, Core.Numbers.PhoneNumber>> Normalised(Core.Numbers.PhoneNumber n, CancellationToken ct) =>
        (await insight.Basic(n, ct)).BiMap(i => i.Number, f => f.ToProviderFailure());

    async Task<Either<ConversationError, Conversation>> Open(NewConversation pair, PoolSnapshot snapshot, CancellationToken ct)
    {
        var provisioned = false;
        for (var attempt = 1; ; attempt++)
        {
            var standing = await pool.Standing(pair.A, pair.B, ct);
            var chosen = Allocator.Choose(snapshot.Callable, standing.A, standing.B, standing.History,
                new AllocationPolicy(poolSettings.RequireLocal), Random.Shared.Next());
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
                    var opened = await store.Start(OpenCommand(pair, o.Numbers), ct);
                    if (Creation.AfterOpen(opened, attempt, poolSettings.AllocationAttempts) is CreationStep.Done done)
                        return done.Result;
                    // Spread retries out, so racing creators do not meet again at once.
                    await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                    continue;
                case CreationStep.Done d:
                    return d.Result;
            }
        }
    }

    ConversationCommand.Open OpenCommand(NewConversation pair, Allocation numbers)
    {
        var now = clock.GetUtcNow();
        return new ConversationCommand.Open(Guid.CreateVersion7(),
            new Participant(pair.A, numbers.ForA), new Participant(pair.B, numbers.ForB),
            now, now.AddSeconds(pair.TtlSeconds));
    }
}
