using JasperFx;
using JasperFx.Events;
using LanguageExt;
using Marten;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The only write path for conversations: load the state, let the core decide, append what it
/// decided. Marten's inline projections write the read models in the same transaction.
/// </summary>
public sealed class ConversationStore(IDocumentStore store, RouteCache routes, Hosting.VoiceProxyMetrics metrics)
{
    // A stream has several writers at once: a close, the set-up texts' claims and records, the
    // carrier's receipts, call events. Losing a race is normal; a close must not fail for it.
    const int Attempts = 10;

    /// <summary>
    /// Starts a conversation's stream. A route another creation took first (PostgreSQL's unique
    /// route key; docs/architecture.md, invariant 1) is <see cref="ConversationError.Contended"/>, not an exception.
    /// So is an Idempotency-Key another request stored first: the caller then reads that one's conversation.
    /// </summary>
    /// <param name="key">Stored in the same transaction: a key exists exactly when its conversation does.</param>
    /// <param name="replacesExpiredKey">The key was used more than its window ago: its record is overwritten.</param>
    public async Task<Either<ConversationError, Conversation>> Start(
        ConversationCommand.Open open, StoredIdempotencyKey? key, bool replacesExpiredKey, CancellationToken ct)
    {
        var decided = ConversationDecider.Decide(open, null);
        if (decided.IsLeft) return decided.Map(_ => default(Conversation)!);
        var events = decided.RightToSeq().Flatten();
        await using var session = store.LightweightSession();
        session.Events.StartStream<Conversation>(open.ConversationId, events.Cast<object>().ToArray());
        if (key is not null && replacesExpiredKey) session.Store(key);
        else if (key is not null) session.Insert(key);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (UniqueViolation.IsIn(e))
        {
            return new ConversationError.Contended(open.A.Number, open.B.Number);
        }
        Count(events);
        return Conversation.Fold(events)!;
    }

    /// <summary>
    /// Decides and appends. A concurrent append to the same stream is retried from a fresh
    /// load: the decision is remade on the newer state, so nothing is lost or doubled.
    /// </summary>
    public Task<Either<ConversationError, Conversation>> Handle(
        Guid id, ConversationCommand command, CancellationToken ct) => Handle(id, Seq1(command), ct);

    /// <summary>
    /// Several commands decided in turn, each on the state the previous one left, and appended
    /// together in one transaction: all of them or, when one is refused, none.
    /// </summary>
    public async Task<Either<ConversationError, Conversation>> Handle(
        Guid id, Seq<ConversationCommand> commands, CancellationToken ct) =>
        (await HandleTelling(id, commands, ct)).Map(d => d.State!);

    /// <summary>
    /// As <see cref="Handle(Guid, Seq{ConversationCommand}, CancellationToken)"/>, telling also what
    /// was appended: none when the commands changed nothing (a request repeated under its key, say).
    /// </summary>
    public async Task<Either<ConversationError, Decided>> HandleTelling(
        Guid id, Seq<ConversationCommand> commands, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HandleOnce(id, commands, ct);
            }
            catch (ConcurrencyException) when (attempt < Attempts)
            {
                // Spread out, so the writers that lost do not meet again at once.
                await Task.Delay(Random.Shared.Next(0, 2 * attempt), ct);
            }
            catch (Exception e) when (e is not ConcurrencyException && UniqueViolation.IsIn(e))
            {
                // A revised route gained a key another conversation took first (a replacement's new
                // numbers; invariant 1): the caller chooses again, as creation does.
                var c = (await Read(id, ct))!;
                return new ConversationError.Contended(c.A.Number, c.B.Number);
            }
        }
    }

    /// <summary>
    /// Several conversations' commands at once (the set-up texts of a daemon page): all read in one
    /// round trip, each decided on its own state as <see cref="Handle(Guid, Seq{ConversationCommand}, CancellationToken)"/>
    /// decides, and appended in one transaction. When any of them lost a race to another writer,
    /// the transaction keeps nothing and each conversation is handled alone, retries and all: the
    /// answers are the same either way, and nothing is lost or doubled.
    /// </summary>
    /// <returns>Each conversation's answer, in the order asked.</returns>
    public async Task<IReadOnlyList<Either<ConversationError, Conversation>>> HandleMany(
        IReadOnlyList<(Guid Id, Seq<ConversationCommand> Commands)> work, CancellationToken ct)
    {
        // One stream twice in a session would be fetched twice and conflict with itself.
        if (work.Count > 1 && work.Select(w => w.Id).Distinct().Count() == work.Count)
        {
            try
            {
                return await HandleManyOnce(work, ct);
            }
            catch (Exception e) when (LostRace(e))
            {
                // Rolled back whole: each alone now, on fresh state.
            }
        }
        var answers = new List<Either<ConversationError, Conversation>>(work.Count);
        foreach (var (id, commands) in work) answers.Add(await Handle(id, commands, ct));
        return answers;
    }

    async Task<IReadOnlyList<Either<ConversationError, Conversation>>> HandleManyOnce(
        IReadOnlyList<(Guid Id, Seq<ConversationCommand> Commands)> work, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var batch = session.CreateBatchQuery();
        var fetching = work.Select(w => batch.Events.FetchForWriting<Conversation>(w.Id)).ToList();
        await batch.Execute(ct);
        var decided = new List<(IEventStream<Conversation> Stream, Either<ConversationError, Decided> Decision)>(work.Count);
        for (var i = 0; i < work.Count; i++)
        {
            var stream = await fetching[i];
            var decision = Decide(work[i].Commands, stream.Aggregate);
            foreach (var d in decision.RightToSeq().Where(d => !d.Events.IsEmpty)) stream.AppendMany(d.Events.Cast<object>().ToArray());
            decided.Add((stream, decision));
        }
        if (decided.Exists(d => d.Decision.Exists(x => !x.Events.IsEmpty))) await session.SaveChangesAsync(ct);
        foreach (var (stream, decision) in decided)
            foreach (var (state, events) in decision.RightToSeq())
            {
                if (events.Exists(e => RouteChange.Of(e).Outdates)) Forget(stream.Aggregate, state);
                Count(events);
            }
        return decided.Select(d => d.Decision.Map(x => x.State!)).ToList();
    }

    // Another writer appended first (the stream's version moved), or took a unique key first.
    static bool LostRace(Exception e) => e switch
    {
        ConcurrencyException => true,
        AggregateException a => a.InnerExceptions.All(LostRace),
        _ => UniqueViolation.IsIn(e),
    };

    /// <summary>What the commands decide, each on the state the one before left, and that state.</summary>
    public sealed record Decided(Conversation? State, Seq<ConversationEvent> Events);

    static Either<ConversationError, Decided> Decide(Seq<ConversationCommand> commands, Conversation? state) =>
        commands.Fold(Right<ConversationError, Decided>(new Decided(state, Empty)),
            (so, command) => so.Bind(s => ConversationDecider.Decide(command, s.State)
                .Map(events => new Decided(events.Fold(s.State, Conversation.Evolve), s.Events + events))));

    /// <summary>The conversation as its read model holds it now.</summary>
    public async Task<Conversation?> Read(Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<Conversation>(id, ct);
    }

    async Task<Either<ConversationError, Decided>> HandleOnce(
        Guid id, Seq<ConversationCommand> commands, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Conversation>(id, ct);
        var decided = Decide(commands, stream.Aggregate);
        foreach (var (state, events) in decided.RightToSeq().Where(d => !d.Events.IsEmpty))
        {
            stream.AppendMany(events.Cast<object>().ToArray());
            await session.SaveChangesAsync(ct);
            // Other instances hear of the deleted route rows by notification, a few ms later; this
            // one must not connect a call of an ended conversation once it has said so (close means closed).
            if (events.Exists(e => RouteChange.Of(e).Outdates)) Forget(stream.Aggregate, state);
            Count(events);
        }
        return decided;
    }

    // Ended, or changed what the cache copies: this instance's copies go at once, under the
    // route's keys before the change and after it.
    void Forget(Conversation? before, Conversation? after)
    {
        if (before is not null) routes.Forget(Route.Of(before));
        if (after is not null) routes.Forget(Route.Of(after));
    }

    void Count(Seq<ConversationEvent> events)
    {
        foreach (var e in events)
        {
            var name = e switch
            {
                ConversationEvent.Opened => "created",
                ConversationEvent.Closed => "closed",
                ConversationEvent.Expired => "expired",
                _ => null,
            };
            if (name is not null) metrics.Conversation(name);
        }
    }
}
