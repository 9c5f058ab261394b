using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Conversations;

public class StatusTests
{
    static Conversation With(Conversation c, params (string Uuid, string Status)[] legs) =>
        legs.Aggregate(c, (s, l) => Conversation.Evolve(s, new CallEventRecorded(
            new CallEvent(l.Uuid, CallStatus.Of(l.Status), "CON-1", null, null, CallDirection.Inbound, Some.Epoch, null)))!);

    [Fact]
    public void A_call_is_in_progress_from_an_answered_leg_until_that_leg_ends()
    {
        Assert.False(With(Some.Opened(), ("in-1", "started"), ("in-1", "ringing")).CallInProgress);
        Assert.True(With(Some.Opened(), ("in-1", "started"), ("in-1", "answered")).CallInProgress);
        Assert.False(With(Some.Opened(), ("in-1", "answered"), ("in-1", "completed")).CallInProgress);
        Assert.True(With(Some.Opened(), ("in-1", "answered"), ("in-1", "completed"), ("in-2", "answered")).CallInProgress);
    }

    [Fact]
    public void An_ended_conversation_says_why()
    {
        Assert.Null(Some.Opened().ClosedReasonAt(Some.Epoch));
        Assert.Equal("expired", Some.Opened().ClosedReasonAt(Some.Epoch.AddHours(2)));
        Assert.Equal("closed-by-api", Conversation.Evolve(Some.Opened(), new Closed(Some.Epoch))!.ClosedReasonAt(Some.Epoch));
    }
}
