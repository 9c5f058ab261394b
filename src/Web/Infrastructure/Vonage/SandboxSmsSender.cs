using LanguageExt;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Sandbox SMS: nothing leaves the machine; each message lands in the outbox table. Unlike
/// Vonage's SMS API it can say what it sent under a reference, so the sandbox settles every
/// interrupted text exactly where live mode records one in doubt as failed.
/// </summary>
public sealed class SandboxSmsSender(IDocumentStore store, TimeProvider clock) : ISmsSender
{
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
        return stored.Map(m => Prelude.Right<SmsFailure, SmsReceipt>(Receipt(m)));
    }

    public async Task<TextLookup> Lookup(string reference, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sent = await session.Query<SandboxMessage>().FirstOrDefaultAsync(m => m.Reference == reference, ct);
        return sent is null ? new TextLookup.NotSent() : new TextLookup.Sent(Receipt(sent).MessageId);
    }

    static SmsReceipt Receipt(SandboxMessage m) => new($"sandbox-{m.Id}");
}
