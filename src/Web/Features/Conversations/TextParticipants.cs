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
/// <param name="callsFirst">Each conversation's texts wait for a turn: a backlog must not slow the answers.</param>
public sealed class TextParticipants(Func<TextDelivery> delivery, CallsFirst callsFirst) : SubscriptionBase
{
    public const string SubscriptionName = "setup_texts";

    // A page may hold many new conversations; the provider's latency, not ours, bounds each one.
    const int Concurrency = CallsFirst.Most;

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page,
        ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // A new conversation texts both participants; a replacement, the newcomer (and the counterpart
        // when the number they call changed).
        var opened = page.Events.Where(e => e.Data is ConversationEvent.Opened or ConversationEvent.ParticipantReplaced)
            .Select(e => e.StreamId).Distinct();
        var texts = delivery();
        await Parallel.ForEachAsync(opened,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                using var turn = await callsFirst.Wait(BackgroundWork.SetupTexts, token);
                await texts.Deliver(id, token);
            });
        return NullChangeListener.Instance;
    }
}

/// <summary>
/// One conversation's set-up texts, as <see cref="Notification.Plan"/> says: each due text is
/// claimed (one append), sent, and its outcome recorded (one append). The daemon hands a
/// conversation over again after a crash; the claim is what keeps that from texting anyone
/// twice, and a text in doubt is looked up at the provider: resent only when it says it never
/// had it.
/// </summary>
public sealed class TextDelivery(
    IDocumentStore documents, ConversationStore store, ISmsSender sms, TimeProvider clock,
    VoiceProxyMetrics metrics, IOptions<VoiceProxyOptions> options, ILogger<TextDelivery> log)
{
    // An exception leaves the page unacknowledged: the daemon hands it over again.
    public async ValueTask Deliver(Guid id, CancellationToken ct)
    {
        // Folded from the stream, not read from the document: the stream is the truth, and a read
        // model written by an older version (before texts had a status) would say "pending" for a
        // text long since sent, and text its participant again.
        Conversation? conversation;
        await using (var query = documents.QuerySession())
            conversation = Conversation.Fold((await query.Events.FetchStreamAsync(id, token: ct))
                .Select(e => e.Data).OfType<ConversationEvent>());
        if (conversation is null) return;
        var now = clock.GetUtcNow();
        var plan = Notification.Plan(conversation, options.Value.Messages.SmsFor(conversation.Channels, conversation.Language), now);
        var settled = Seq<Either<Notification, ConversationCommand>>.Empty;
        foreach (var text in plan.Interrupted)
            settled = settled.Add(Notification.AfterInterruption(text, await sms.Lookup(text.Reference, ct),
                conversation.IsLiveAt(now), now));
        var due = await Claim(id, plan, ct) + settled.Lefts();
        var sent = await sms.SendAll(due.Map(n => new OutgoingSms(n.From, n.To, n.Text, n.Reference)), ct);
        var outcomes = settled.Rights() + due.Zip(sent).Map(x => Record(x.Item1, x.Item2));
        if (!outcomes.IsEmpty) await store.Handle(id, outcomes, ct);
    }

    // The claims are all or nothing: when another delivery claimed one first, this one sends
    // nothing and the next hand-over settles what is left.
    async Task<Seq<Notification>> Claim(Guid id, TextPlan plan, CancellationToken ct)
    {
        var claims = plan.Send.Map(n => (ConversationCommand)new ConversationCommand.ClaimText(n.Recipient, clock.GetUtcNow(), n.Round));
        if (plan.Record.IsEmpty && claims.IsEmpty) return plan.Send;
        var claimed = await store.Handle(id, plan.Record + claims, ct);
        return claimed.IsRight ? plan.Send : Seq<Notification>.Empty;
    }

    ConversationCommand Record(Notification note, Either<SmsFailure, SmsReceipt> sent)
    {
        metrics.Sms(sent.IsRight);
        return sent.Match<ConversationCommand>(
            Right: r => new ConversationCommand.RecordNotified(note.Recipient, r.MessageId, clock.GetUtcNow(), note.Round),
            Left: f =>
            {
                log.TextFailed(note.Recipient.ToString(), f.Reason);
                return new ConversationCommand.RecordNotificationFailed(note.Recipient, f.Reason, clock.GetUtcNow(), note.Round);
            });
    }
}
