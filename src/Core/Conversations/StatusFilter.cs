using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>Which side of "now" a stored conversation's expiry must lie for a status filter.</summary>
public enum ExpiryBound { Any, AfterNow, ByNow }

/// <summary>One way a stored conversation can have the status asked for: what is on record, and where its expiry lies.</summary>
public sealed record StoredStatus(ConversationStatus Recorded, ExpiryBound Expiry)
{
    public bool Matches(Conversation c, DateTimeOffset now) =>
        c.Status == Recorded && Expiry switch
        {
            ExpiryBound.AfterNow => c.ExpiresAt > now,
            ExpiryBound.ByNow => c.ExpiresAt <= now,
            _ => true,
        };
}

/// <summary>
/// A listing's status filter over what is stored. A conversation past its expiry is expired
/// before the sweeper records it (<see cref="Conversation.StatusAt"/>), so "active" and
/// "expired" depend on the clock as well as the record. The query translates these alternatives
/// one for one; a property states they select exactly the conversations with that status now.
/// </summary>
public static class StatusFilter
{
    public static Seq<StoredStatus> For(ConversationStatus wanted) =>
        wanted switch
        {
            ConversationStatus.Active => Seq1(new StoredStatus(ConversationStatus.Active, ExpiryBound.AfterNow)),
            ConversationStatus.Expired => Seq(new StoredStatus(ConversationStatus.Expired, ExpiryBound.Any),
                new StoredStatus(ConversationStatus.Active, ExpiryBound.ByNow)),
            _ => Seq1(new StoredStatus(wanted, ExpiryBound.Any)),
        };
}
