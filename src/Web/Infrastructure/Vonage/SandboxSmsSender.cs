using LanguageExt;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Features.Webhooks;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Sandbox SMS: nothing leaves the machine; each message lands in the outbox table. Unlike
/// Vonage's SMS API it can say what it sent under a reference, so the sandbox settles every
/// interrupted text exactly where live mode records one in doubt as failed. Its carrier always
/// delivers, and says so a moment later through the same path a live delivery receipt takes.
/// </summary>
/// <param name="receipts">Made when first needed: the recorder needs the conversation store, built
/// after this. None: the carrier sends no receipts.</param>
/// <param name="callsFirst">The receipts are written here, in this process, and wait their turn like other background work.</param>
public sealed class SandboxSmsSender(IDocumentStore store, TimeProvider clock, Hosting.CallsFirst callsFirst,
    Func<SmsReceiptRecorder>? receipts) : ISmsSender
{
    /// <summary>How long the sandbox's carrier takes to report a delivery.</summary>
    public static readonly TimeSpan ReceiptDelay = TimeSpan.FromMilliseconds(200);

    public async Task<Either<SmsFailure, SmsReceipt>> Send(OutgoingSms message, CancellationToken ct) =>
        (await SendAll(Prelude.Seq1(message), ct)).Head;

    /// <summary>All in one transaction: a conversation's two texts cost one database round trip.</summary>
    public async Task<Seq<Either<SmsFailure, SmsReceipt>>> SendAll(Seq<OutgoingSms> messages, CancellationToken ct)
    {
        var stored = messages.Map(m => new SandboxMessage(Guid.CreateVersion7(), m.From, m.To, m.Text, clock.GetUtcNow(),
            m.Reference)).Strict();
        await using var session = store.LightweightSession();
        session.Insert(stored.ToArray());
        await session.SaveChangesAsync(ct);
        // One after the other: a conversation's two receipts at once would race for its stream,
        // and every lost race leaves a gap in the event sequence that holds up the daemon.
        if (receipts is not null) _ = DeliverAll(stored, receipts);
        return stored.Map(m => Prelude.Right<SmsFailure, SmsReceipt>(Receipt(m)));
    }

    // Like a carrier's receipt it may be lost (a crash, a database blip): a receipt is news, not a promise.
    async Task DeliverAll(Seq<SandboxMessage> sent, Func<SmsReceiptRecorder> receipts)
    {
        await Task.Delay(ReceiptDelay, CancellationToken.None);
        using var turn = await callsFirst.Wait(Hosting.BackgroundWork.SandboxReceipts, CancellationToken.None);
        foreach (var m in sent) await Deliver(m, receipts);
    }

    async Task Deliver(SandboxMessage m, Func<SmsReceiptRecorder> receipts)
    {
        try
        {
            await receipts().Record(m.Reference, new TextReceipt(Receipt(m).MessageId, "delivered", "0", clock.GetUtcNow()),
                CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing to tell: the text itself was delivered and recorded as sent.
        }
    }

    public async Task<TextLookup> Lookup(string reference, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sent = await session.Query<SandboxMessage>().FirstOrDefaultAsync(m => m.Reference == reference, ct);
        return sent is null ? new TextLookup.NotSent() : new TextLookup.Sent(Receipt(sent).MessageId);
    }

    static SmsReceipt Receipt(SandboxMessage m) => new($"sandbox-{m.Id}");
}
