using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// An Idempotency-Key, scoped to the API caller that sent it, and the creation it made. Inserted
/// in the conversation's own transaction, never upserted while live: the primary key is what
/// lets only one of many concurrent requests under one key create anything.
/// </summary>
public sealed record StoredIdempotencyKey(string Id, string Key, string Fingerprint, Guid ConversationId, DateTimeOffset At)
{
    public static string IdOf(string caller, string key) => $"{caller}:{key}";

    public IdempotentRequest Request => new(Key, Fingerprint, At);
}
