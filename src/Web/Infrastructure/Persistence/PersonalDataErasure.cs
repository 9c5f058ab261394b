using LanguageExt;
using Marten;
using VoiceProxy.Core;
using VoiceProxy.Core.Callbacks;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Erases an ended conversation's personal data everywhere the service kept it: its stored events
/// (rewritten by the core's <see cref="Erasure"/>), its snapshot (the decider's
/// <c>PersonalDataErased</c>, folded inline), the record that says "this conversation has ended"
/// to a caller of its old numbers, the pair's sticky numbers when they were this conversation's,
/// and its settled callbacks. The trail keeps what happened, and says when it was erased.
/// </summary>
/// <remarks>
/// Safe to repeat, and finishes on a repeat what a crash interrupted: every step is idempotent.
/// The events are rewritten before the erasure is recorded (a crash between leaves the
/// conversation unerased, so the retention sweep comes back to it) and again after (an event
/// appended meanwhile, a late call status, is rewritten too; those after it the decider records erased).
/// </remarks>
public sealed class PersonalDataErasure(IDocumentStore store, ConversationStore conversations)
{
    public async Task<Either<ConversationError, Conversation>> Erase(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        // Checked before anything is rewritten: a live conversation's trail is left alone.
        var before = await conversations.Read(id, ct);
        if (before is null) return new ConversationError.NotFound();
        if (before.ErasedAt is null && before.IsLiveAt(now)) return new ConversationError.StillLive(id);
        await RewriteEvents(id, ct);
        var erased = await conversations.Handle(id, new ConversationCommand.ErasePersonalData(now), ct);
        if (erased.IsLeft) return erased;
        await RewriteEvents(id, ct);
        await ForgetKept(before, ct);
        return erased;
    }

    Task RewriteEvents(Guid id, CancellationToken ct) =>
        store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id), ct);

    async Task ForgetKept(Conversation before, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<EndedRoute>(r => r.ConversationId == before.Id);
        // The settled ones only: a callback still being tried is the backend's news, and goes out
        // (its payload names participants as the callbacks' settings say, masked by default).
        session.DeleteWhere<CallbackDelivery>(d => d.ConversationId == before.Id && d.State != DeliveryState.Pending);
        // The pair's numbers are kept while they are this conversation's: a later conversation of the
        // same pair that wrote its own is that one's to erase.
        if (before.ErasedAt is null
            && await session.LoadAsync<PairRecord>(PairRecord.Key(before.A.Number, before.B.Number), ct) is { } pair
            && StoodFor(pair, before.A) && StoodFor(pair, before.B))
            session.Delete(pair);
        await session.SaveChangesAsync(ct);
    }

    static bool StoodFor(PairRecord pair, Participant p) =>
        pair.StoodFor.TryGetValue(p.Number.E164, out var virtualNumber) && virtualNumber == p.VirtualNumber.E164;
}
