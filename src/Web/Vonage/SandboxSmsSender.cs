using LanguageExt;
using Marten;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Vonage;

/// <summary>Sandbox SMS: nothing leaves the machine; each message lands in the outbox table.</summary>
public sealed class SandboxSmsSender(IDocumentStore store, TimeProvider clock) : ISmsSender
{
    public async Task<Either<SmsFailure, SmsReceipt>> Send(string from, string to, string text, CancellationToken ct)
    {
        var message = new SandboxMessage(Guid.CreateVersion7(), from, to, text, clock.GetUtcNow());
        await using var session = store.LightweightSession();
        session.Insert(message);
        await session.SaveChangesAsync(ct);
        return new SmsReceipt($"sandbox-{message.Id}");
    }
}
