using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using LanguageExt;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// Texts both participants the number to call. The intent is the conversation's Opened event,
/// committed in the same transaction as the conversation, and this subscription of Marten's
/// async daemon delivers it after the 201: a crash between the commit and the text loses
/// nothing (docs/architecture.md, invariant 10).
/// </summary>
/// <param name="delivery">Made per page, when the daemon runs: the delivery needs the document
/// store, which is still being built when the subscription is registered.</param>
/// <param name="callsFirst">A few conversations' texts (<see cref="TextDelivery.Together"/>) wait for a turn: a backlog must not slow the answers.</param>
public sealed class TextParticipants(Func<TextDelivery> delivery, CallsFirst callsFirst) : SubscriptionBase
{
    public const string SubscriptionName = "setup_texts";

    // A page may hold many new conversations; the provider's latency, not ours, bounds each turn.
    const int Concurrency = CallsFirst.Most;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page,
        ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // A new conversation texts both participants; a replacement, the newcomer (and the counterpart
        // when the number they call changed); the backend's request, the participant it names.
        var opened = page.Events.Where(e => e.Data is ConversationEvent.Opened or ConversationEvent.ParticipantReplaced
                or ConversationEvent.TextRequested)
            .Select(e => e.StreamId).Distinct();
        var texts = delivery();
        await Parallel.ForEachAsync(opened.Chunk(TextDelivery.Together),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (ids, token) =>
            {
                using var turn = await callsFirst.Wait(BackgroundWork.SetupTexts, token);
                await texts.Deliver(ids, TextTurn.First, token);
            });
        return NullChangeListener.Instance;
    }
}

/// <summary>
/// Conversations' set-up texts, as <see cref="Notification.Plan"/> says: each due text is claimed
/// (appended), sent, and its outcome recorded (appended). The daemon hands a conversation over
/// again after a crash; the claim is what keeps that from texting anyone twice, and a text in
/// doubt is looked up at the provider: resent only when it says it never had it. A few
/// conversations go together (<see cref="Together"/>): read in one round trip, claimed in one
/// transaction, recorded in one (<see cref="ConversationStore.HandleMany"/>): one conversation at
/// a time, those round trips and transactions held the texts to about 250 conversations a second
/// on the benchmark machine, behind creation; together, three times that (docs/benchmarks.md).
/// </summary>
public sealed class TextDelivery(
    IDocumentStore documents, ConversationStore store, ISmsSender sms, SmsPace pace, TimeProvider clock,
    VoiceProxyMetrics metrics, IOptions<VoiceProxyOptions> options, ILogger<TextDelivery> log)
{
    /// <summary>
    /// Conversations delivered together in one turn. Their texts are sent at once (a live sender
    /// sends each concurrently): eight conversations are sixteen texts in flight a turn.
    /// </summary>
    public const int Together = 8;

    sealed record Delivery(Guid Id, TextPlan Plan, Seq<Either<Notification, ConversationCommand>> Settled);

    /// <summary>
    /// Delivers the conversations' texts of one <paramref name="turn"/>. An exception leaves them
    /// as they were: the daemon hands its page over again, the retries look again on their next tick.
    /// </summary>
    /// <param name="turn">The texts the conversations' events made due (the daemon's), or those whose wait to be sent again is over (<see cref="TextRetries"/>).</param>
    public async ValueTask Deliver(IReadOnlyList<Guid> ids, TextTurn turn, CancellationToken ct)
    {
        var deliveries = await Plan(await Fold(ids, ct), turn, ct);
        // Before the claims: a text waiting for its slot is not yet in doubt if the process stops.
        await pace.Take(deliveries.Sum(d => d.Plan.Send.Count + d.Settled.Lefts().Count), ct);
        var due = (await Claim(deliveries, ct)).Zip(deliveries, (claimed, d) => claimed + d.Settled.Lefts()).ToList();
        await Send(deliveries, due, ct);
    }

    // What each conversation has still to send, and what became of the texts a crash interrupted.
    async Task<List<Delivery>> Plan(IReadOnlyList<Conversation> conversations, TextTurn turn, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deliveries = new List<Delivery>(conversations.Count);
        foreach (var conversation in conversations)
        {
            var plan = Notification.Plan(conversation, options.Value.Messages.SmsFor(conversation.Channels, conversation.Language), now, turn);
            var settled = Seq<Either<Notification, ConversationCommand>>.Empty;
            foreach (var text in plan.Interrupted)
                settled = settled.Add(Notification.AfterInterruption(text, await sms.Lookup(text.Reference, ct),
                    conversation.IsLiveAt(now), now));
            deliveries.Add(new Delivery(conversation.Id, plan, settled));
        }
        return deliveries;
    }

    // All the due texts in one go, their outcomes recorded together with the settled interruptions.
    // A text certainly not sent is recorded so (its claim released, due again later): the wait is
    // the event store's, not this turn's, so a stop or a crash during it leaves nothing in doubt.
    async Task Send(List<Delivery> deliveries, List<Seq<Notification>> due, CancellationToken ct)
    {
        var texts = deliveries.SelectMany((d, i) => due[i].Map(note => (d.Id, Note: note))).ToArray();
        var sent = await sms.SendAll(texts.Select(t => Outgoing(t.Note)).ToSeq(), ct);
        var settled = deliveries.SelectMany(d => d.Settled.Rights().Map(command => (d.Id, command)));
        await RecordAll(settled.Concat(texts.Zip(sent, (t, answer) => (t.Id, Record(t.Note, answer)))), ct);
    }

    static OutgoingSms Outgoing(Notification n) => new(n.From, n.To, n.Text, n.Reference);

    // Each conversation's commands together, in one transaction for all of them.
    async Task RecordAll(IEnumerable<(Guid Id, ConversationCommand Command)> outcomes, CancellationToken ct)
    {
        var byConversation = outcomes.GroupBy(o => o.Id, o => o.Command).Select(g => (g.Key, g.ToSeq().Strict())).ToList();
        if (byConversation.Count > 0) await store.HandleMany(byConversation, ct);
    }

    // Folded from the stream, not read from the document: the stream is the truth, and a read
    // model written by an older version (before texts had a status) would say "pending" for a
    // text long since sent, and text its participant again.
    async Task<IReadOnlyList<Conversation>> Fold(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var query = documents.QuerySession();
        var batch = query.CreateBatchQuery();
        var streams = ids.Select(id => batch.Events.FetchStream(id)).ToList();
        await batch.Execute(ct);
        var folded = new List<Conversation>(ids.Count);
        foreach (var stream in streams)
            if (Conversation.Fold((await stream).Select(e => e.Data).OfType<ConversationEvent>()) is { } conversation)
                folded.Add(conversation);
        return folded;
    }

    // Each conversation's claims are all or nothing: when another delivery claimed one first, that
    // conversation sends nothing and the next hand-over settles what is left.
    async Task<IReadOnlyList<Seq<Notification>>> Claim(IReadOnlyList<Delivery> deliveries, CancellationToken ct)
    {
        var claims = deliveries.Select(d => (d.Id, d.Plan.Record + d.Plan.Send.Map(n =>
            (ConversationCommand)new ConversationCommand.ClaimText(n.Recipient, clock.GetUtcNow(), n.Round)))).ToList();
        var asked = claims.Where(c => !c.Item2.IsEmpty).ToList();
        var answers = asked.Zip(await store.HandleMany(asked, ct)).ToDictionary(x => x.Item1.Id, x => x.Item2.IsRight);
        return deliveries.Select(d => !answers.TryGetValue(d.Id, out var claimed) || claimed ? d.Plan.Send : Seq<Notification>.Empty).ToList();
    }

    ConversationCommand Record(Notification note, Either<SmsFailure, SmsReceipt> sent)
    {
        metrics.Sms(sent.Match(Right: _ => "sent", Left: f => f.NotSent ? "not_sent" : "failed"));
        return sent.Match<ConversationCommand>(
            Right: r => new ConversationCommand.RecordNotified(note.Recipient, r.MessageId, clock.GetUtcNow(), note.Round),
            Left: f =>
            {
                log.TextFailed(note.Recipient.ToString(), f.Reason);
                return f.NotSent
                    ? new ConversationCommand.RecordTextNotSent(note.Recipient, f.Reason, clock.GetUtcNow(), note.Round)
                    : new ConversationCommand.RecordNotificationFailed(note.Recipient, f.Reason, clock.GetUtcNow(), note.Round);
            });
    }
}
