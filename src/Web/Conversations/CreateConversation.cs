using JasperFx;
using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Numbers;
using VoiceProxy.Web.Persistence;
using VoiceProxy.Web.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Conversations;

public sealed record CreateConversationRequest(string? UserA, string? UserB, int? TtlSeconds = null);

/// <summary>
/// The create workflow, an impureim sandwich: read the pool and the participants' routes,
/// let the core validate, allocate and decide, append; then text both participants.
/// </summary>
public sealed class CreateConversation(
    NumberPool pool,
    ManagePool manage,
    ConversationStore store,
    ISmsSender sms,
    INumberInsight insight,
    TimeProvider clock,
    VoiceProxyMetrics metrics,
    IOptions<VoiceProxyOptions> options,
    IOptions<PoolOptions> poolOptions,
    ILogger<CreateConversation> log)
{
    readonly VoiceProxyOptions settings = options.Value;
    readonly PoolOptions poolSettings = poolOptions.Value;

    public async Task<Either<ConversationError, Conversation>> Run(
        CreateConversationRequest request, CancellationToken ct)
    {
        var snapshot = await pool.Load(ct);
        var validated = NewConversation.Validate(
            request.UserA, request.UserB, request.TtlSeconds, settings.Lifetime, settings.DefaultCountry, snapshot.All);
        if (validated.IsFail) return new ConversationError.Invalid(validated.FailToSeq());
        var checkedPair = await Check(validated.SuccessToSeq().Head(), ct);
        var started = await checkedPair.MatchAsync(
            RightAsync: pair => Open(pair, snapshot, ct),
            Left: e => Left<ConversationError, Conversation>(e));
        return await started.MatchAsync(
            RightAsync: async c => Right<ConversationError, Conversation>(await Notify(c, ct)),
            Left: e => Left<ConversationError, Conversation>(e));
    }

    // Live: Vonage Number Insight normalises both numbers (the seed's flow). A number it cannot
    // read is the caller's input error; anything else is Vonage's and worth reporting as such.
    async Task<Either<ConversationError, NewConversation>> Check(NewConversation pair, CancellationToken ct)
    {
        // Both lookups at once: two round trips to Vonage cost the time of one.
        var lookups = await Task.WhenAll(insight.Basic(pair.A, ct), insight.Basic(pair.B, ct));
        var (a, b) = (lookups[0], lookups[1]);
        var refused = Seq(("userA", a), ("userB", b))
            .Filter(x => x.Item2.LeftToSeq().HeadOrNone().Case is VonageFailure.Rejected)
            .Map(x => new InputError(x.Item1, "is not a number Vonage can read"));
        if (!refused.IsEmpty) return new ConversationError.Invalid(refused);
        return from ia in a.MapLeft(f => (ConversationError)new ConversationError.ProviderFailed(f))
               from ib in b.MapLeft(f => (ConversationError)new ConversationError.ProviderFailed(f))
               select pair with { A = ia.Number, B = ib.Number };
    }

    // PostgreSQL's unique route key is the last guard of invariant 1: when another creation
    // (here or on another instance) took a chosen route first, reload and allocate again.
    async Task<Either<ConversationError, Conversation>> Open(
        NewConversation pair, PoolSnapshot snapshot, CancellationToken ct)
    {
        var provisioned = false;
        for (var attempt = 1; attempt <= poolSettings.AllocationAttempts; attempt++)
        {
            var allocation = await Allocate(pair, snapshot, ct);
            if (allocation.LeftToSeq().HeadOrNone().Case is ConversationError.NoFreeNumber full
                && !provisioned && await AutoProvision(full, ct))
            {
                (provisioned, snapshot) = (true, await pool.Load(ct));
                continue;
            }
            if (allocation.IsLeft) return allocation.Map(_ => default(Conversation)!);
            try
            {
                return await store.Start(OpenCommand(pair, allocation.RightToSeq().Head()), ct);
            }
            catch (DocumentAlreadyExistsException)
            {
                log.LogDebug("Route taken concurrently for {A} / {B}; allocating again (attempt {Attempt})",
                    pair.A.Masked, pair.B.Masked, attempt);
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
        return new ConversationError.Contended(pair.A, pair.B);
    }

    async Task<Either<ConversationError, Allocation>> Allocate(
        NewConversation pair, PoolSnapshot snapshot, CancellationToken ct)
    {
        var standing = await pool.Standing(pair.A, pair.B, ct);
        return Allocator.Choose(snapshot.Callable, standing.A, standing.B, standing.History,
            new AllocationPolicy(poolSettings.RequireLocal), Random.Shared.Next());
    }

    // The seed tutorial: "rent additional numbers on the fly". One number, local to the dialer.
    async Task<bool> AutoProvision(ConversationError.NoFreeNumber full, CancellationToken ct)
    {
        if (!poolSettings.AutoProvision) return false;
        var added = await manage.Provision(new ProvisionRequest(full.Participant.Country, 1, null), ct);
        added.IfLeft(e => log.LogWarning("Auto-provisioning a {Country} number failed: {Error}",
            full.Participant.Country, e.GetType().Name));
        return added.IsRight;
    }

    ConversationCommand.Open OpenCommand(NewConversation pair, Allocation allocation)
    {
        var now = clock.GetUtcNow();
        return new ConversationCommand.Open(Guid.CreateVersion7(),
            new Participant(pair.A, allocation.ForA), new Participant(pair.B, allocation.ForB),
            now, now.AddSeconds(pair.TtlSeconds));
    }

    // Both texts go out together; their outcomes are recorded in one append. Failures are
    // recorded, not thrown: the conversation exists and routes either way.
    async Task<Conversation> Notify(Conversation conversation, CancellationToken ct)
    {
        var notes = Notification.For(conversation, settings.Messages.Sms);
        var sent = await sms.SendAll(notes.Map(n => new OutgoingSms(n.From, n.To, n.Text)), ct);
        var records = notes.Zip(sent).Map(x => Record(x.Item1, x.Item2));
        var handled = await store.Handle(conversation.Id, records, ct);
        return handled.IfLeft(conversation);
    }

    ConversationCommand Record(Notification note, Either<SmsFailure, SmsReceipt> sent)
    {
        metrics.Sms(sent.IsRight);
        return sent.Match<ConversationCommand>(
            Right: r => new ConversationCommand.RecordNotified(note.Recipient, r.MessageId, clock.GetUtcNow()),
            Left: f => new ConversationCommand.RecordNotificationFailed(note.Recipient, f.Reason, clock.GetUtcNow()));
    }
}
