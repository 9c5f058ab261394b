using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// A provisioning made under an Idempotency-Key (scoped to its API caller) and the numbers it
/// rented. Written in the transaction that adds them to the pool, under the pool lock, so a
/// retry waits for the first and then answers with its numbers instead of renting more.
/// </summary>
public sealed record StoredProvisioning(string Id, string Key, string Fingerprint, PoolNumber[] Numbers, DateTimeOffset At)
{
    public IdempotentRequest Request => new(Key, Fingerprint, At);
}
