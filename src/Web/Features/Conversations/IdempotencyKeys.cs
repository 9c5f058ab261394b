using LanguageExt;
using Marten;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>A creation request made under an Idempotency-Key: whose key, and what the request said.</summary>
public sealed record KeyClaim(string Caller, string Key, string Fingerprint)
{
    public string Id => StoredIdempotencyKey.IdOf(Caller, Key);

    public StoredIdempotencyKey Stored(Guid conversationId, DateTimeOffset at) => new(Id, Key, Fingerprint, conversationId, at);
}

/// <summary>What an earlier use of a key means for this request (<see cref="Idempotency.Decide"/>).</summary>
/// <param name="Answer">Some: the answer, without creating anything; none: create.</param>
/// <param name="Stale">A record of the key exists but is past its window: creating overwrites it.</param>
public sealed record KeyCheck(Option<Either<ConversationError, Created>> Answer, bool Stale);

/// <summary>Reads the Idempotency-Keys of earlier creations; the rule is <see cref="Idempotency"/>'s.</summary>
public sealed class IdempotencyKeys(IDocumentStore documents, TimeProvider clock)
{
    public async Task<KeyCheck> Check(KeyClaim claim, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var stored = Optional(await session.LoadAsync<StoredIdempotencyKey>(claim.Id, ct));
        var repeat = Idempotency.Decide(stored.Map(s => s.Request), claim.Fingerprint, clock.GetUtcNow(), Idempotency.Window);
        return repeat switch
        {
            Repeat.Replay => new(Some(await Replay(session, stored.Head().ConversationId, ct)), false),
            Repeat.Mismatch m => new(Some(Left<ConversationError, Created>(new ConversationError.KeyReused(m.Key))), false),
            _ => new(None, stored.IsSome),
        };
    }

    // The conversation as its first request saw it (just opened), so every replay answers the same.
    static async Task<Either<ConversationError, Created>> Replay(IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, version: 1, token: ct);
        var opened = Conversation.Fold(events.Select(e => e.Data).OfType<ConversationEvent>());
        return opened is null
            ? Left<ConversationError, Created>(new ConversationError.NotFound())
            : Right<ConversationError, Created>(new Created(opened, Replayed: true));
    }
}
