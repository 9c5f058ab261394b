using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// Replacing a participant (PATCH with userA or userB): validate the newcomer as creation does →
/// the provider normalises the number → read the conversation and whom each side already dials
/// elsewhere → <see cref="Allocator.Replacement"/> → the decider's <c>ParticipantReplaced</c>, with
/// any other change of the same patch, in one transaction. The route rows are rewritten there, so
/// the replaced person's route ends at once on every instance; a new key another conversation
/// took first means choosing again, as creation does. The newcomer's text goes out from the event store.
/// </summary>
public sealed class ReplaceParticipantWorkflow(
    NumberPool pool, ConversationStore store, INumberInsight insight, TimeProvider clock,
    IOptions<VoiceProxyOptions> options, IOptions<PoolOptions> poolOptions)
{
    /// <param name="alongside">The patch's other commands (a new expiry), decided in the same transaction.</param>
    public async Task<Either<ConversationError, Conversation>> Run(
        Guid id, Side side, string? raw, Seq<ConversationCommand> alongside, CancellationToken ct)
    {
        var field = Role.Of(side);
        var snapshot = await pool.Load(ct);
        var validated = NewConversation.Participant(field, raw, options.Value.DefaultCountry, snapshot.All);
        if (validated.IsFail) return new ConversationError.Invalid(validated.FailToSeq());
        var normalised = Creation.Checked(field,
            (await insight.Basic(validated.SuccessToSeq().Head(), ct)).BiMap(i => i.Number, f => f.ToProviderFailure()));
        if (normalised.IsLeft) return normalised.Map(_ => default(Conversation)!);
        var newcomer = normalised.RightToSeq().Head();
        for (var attempt = 1; ; attempt++)
        {
            var result = await Attempt(id, side, newcomer, snapshot.Callable, alongside, ct);
            if (result.IsRight || result.LeftToSeq().Head() is not ConversationError.Contended
                || attempt >= poolOptions.Value.AllocationAttempts)
                return result;
            await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
        }
    }

    async Task<Either<ConversationError, Conversation>> Attempt(
        Guid id, Side side, PhoneNumber newcomer, Seq<PoolEntry> callable, Seq<ConversationCommand> alongside,
        CancellationToken ct)
    {
        if (await store.Read(id, ct) is not { } conversation) return new ConversationError.NotFound();
        var (replaced, counterpart) = (conversation.Of(side), conversation.Of(Conversation.Other(side)));
        var standing = await pool.Standing(newcomer, counterpart.Number, ct, except: id);
        var policy = new AllocationPolicy(poolOptions.Value.RequireLocal);
        var chosen = Allocator.Replacement(callable, standing.A, standing.B, replaced, counterpart.VirtualNumber,
            policy, Random.Shared.Next());
        if (chosen.IsLeft) return chosen.Map(_ => conversation);
        var numbers = chosen.RightToSeq().Head();
        var replace = new ConversationCommand.ReplaceParticipant(side, newcomer, numbers.ForNewcomer, numbers.ForCounterpart,
            clock.GetUtcNow());
        return await store.Handle(id, alongside.Add(replace), ct);
    }
}
