using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// A row of the route table: an active conversation answers calls from <see cref="Caller"/>
/// to <see cref="Dialed"/>. Its id is the pair itself, and rows are only ever inserted, so
/// PostgreSQL's primary key refuses a second active route for the pair (invariant 1).
/// It also carries what routing needs of its conversation (participants and lifetime, which never
/// change), so answering a call is one primary-key read. That copy is safe because a route row
/// exists only while its conversation is active: ending it deletes the row in the same transaction.
/// </summary>
public sealed record ProxyRoute(
    string Id, Guid ConversationId, string Caller, string Dialed,
    Participant A, Participant B, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static string Key(PhoneNumber caller, PhoneNumber dialed) => $"{caller.Digits}:{dialed.Digits}";

    /// <summary>The two routes of an opened conversation: A dialing B's virtual number, and B dialing A's.</summary>
    public static ProxyRoute[] Of(ConversationEvent.Opened o) =>
    [
        new(Key(o.A.Number, o.B.VirtualNumber), o.ConversationId, o.A.Number.E164, o.B.VirtualNumber.E164,
            o.A, o.B, o.OpenedAt, o.ExpiresAt),
        new(Key(o.B.Number, o.A.VirtualNumber), o.ConversationId, o.B.Number.E164, o.A.VirtualNumber.E164,
            o.A, o.B, o.OpenedAt, o.ExpiresAt),
    ];

    /// <summary>The conversation as routing sees it: active (the row exists), with its participants and expiry.</summary>
    public Conversation Conversation =>
        new(ConversationId, ConversationStatus.Active, A, B, CreatedAt, ExpiresAt, null, Set<string>.Empty);
}
