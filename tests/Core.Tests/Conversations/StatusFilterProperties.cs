using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>A listing filtered by status shows what each conversation's own page would say at that moment.</summary>
public class StatusFilterProperties
{
    /// <summary>Conversations as stored: active, closed, or with the sweeper's expiry recorded; and any moment around them.</summary>
    static Gen<(Conversation, DateTimeOffset)> StoredAndNow =>
        from c in Gens.ActiveConversation
        from end in Gen.Elements(0, 1, 2)
        from offset in Gen.Choose(-2, 2)
        from late in Gen.Choose(0, 3)
        let stored = end switch
        {
            1 => Conversation.Evolve(c, new Closed(c.CreatedAt))!,
            2 => Conversation.Evolve(c, new Expired(c.ExpiresAt, c.ExpiresAt.AddSeconds(late)))!,
            _ => c,
        }
        select (stored, c.ExpiresAt.AddSeconds(offset));

    [Property(MaxTest = 500)]
    public Property A_status_filter_selects_exactly_the_conversations_with_that_status_now() =>
        Prop.ForAll(StoredAndNow.ToArbitrary(), Gen.Elements(Enum.GetValues<ConversationStatus>()).ToArbitrary(), (t, wanted) =>
        {
            var (c, now) = t;
            Assert.Equal(c.StatusAt(now) == wanted, StatusFilter.For(wanted).Exists(s => s.Matches(c, now)));
        });
}
