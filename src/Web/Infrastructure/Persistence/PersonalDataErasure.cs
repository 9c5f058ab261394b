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
/// to a caller of its old numbers, each of its pairs' sticky numbers while they are this
/// conversation's, and its settled callbacks. The trail keeps what happened, and says when it was erased.
/// </summary>
/// <remarks>
/// Safe to repeat, and finishes on a repeat what a crash interrupted: every step is idempotent, and
/// everything found by the numbers is done before the erasure is recorded (a crash before leaves
/// the conversation unerased, so a repeat or the retention sweep does it all again). The events are
/// rewritten before the erasure is recorded and again after (an event appended meanwhile, a late
/// call status, is rewritten too; those after it the decider records erased).
/// </remarks>
public sealed class PersonalDataErasure(IDocumentStore store, ConversationStore conversations)
{
    public async Task<Either<ConversationError, Conversation>> Erase(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        // The decider's own refusal (a live conversation), asked before anything is rewritten: a live
        // conversation's trail is left alone. The append below decides again, on the newest state.
        var before = await conversations.Read(id, ct);
        if (before is null) return new ConversationError.NotFound();
        var command = new ConversationCommand.ErasePersonalData(now);
        if (ConversationDecider.Decide(command, before) is { IsLeft: true } refused) return refused.Map(_ => before);
        // What only the numbers can find goes before the erasure is recorded: once it is, a repeat
        // has no numbers to find it by.
        if (before.ErasedAt is null) await ForgetKept(id, await PairsOf(id, ct), ct);
        await RewriteEvents(id, ct);
        var erased = await conversations.Handle(id, command, ct);
        if (erased.IsLeft) return erased;
        await RewriteEvents(id, ct);
        // Again: a callback may have settled, or the close's ended route been written, meanwhile.
        await ForgetKept(id, [], ct);
        return erased;
    }

    // Every pair the conversation made (its opening, and each replacement), read while the stream still names them.
    async Task<IReadOnlyList<(Participant A, Participant B)>> PairsOf(Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync(id, token: ct);
        return Erasure.PairsIn(events.Select(e => e.Data).OfType<ConversationEvent>());
    }

    Task RewriteEvents(Guid id, CancellationToken ct) =>
        store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id), ct);

    async Task ForgetKept(Guid id, IReadOnlyList<(Participant A, Participant B)> pairs, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<EndedRoute>(r => r.ConversationId == id);
        // The settled ones only: a callback still being tried is the backend's news, and goes out
        // (its payload names participants as the callbacks' settings say, masked by default).
        session.DeleteWhere<CallbackDelivery>(d => d.ConversationId == id && d.State != DeliveryState.Pending);
        // A pair's numbers are kept while they are this conversation's: a later conversation of the
        // same pair that wrote its own is that one's to erase.
        foreach (var (a, b) in pairs)
            if (await session.LoadAsync<PairRecord>(PairRecord.Key(a.Number, b.Number), ct) is { } pair
                && StoodFor(pair, a) && StoodFor(pair, b))
                session.Delete(pair);
        await session.SaveChangesAsync(ct);
    }

    static bool StoodFor(PairRecord pair, Participant p) =>
        pair.StoodFor.TryGetValue(p.Number.E164, out var virtualNumber) && virtualNumber == p.VirtualNumber.E164;
}
