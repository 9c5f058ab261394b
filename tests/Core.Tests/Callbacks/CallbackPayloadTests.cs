using VoiceProxy.Core.Callbacks;
using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Callbacks;

public class CallbackPayloadTests
{
    static CallEvent Leg(string direction, string status, string from, string to, int? duration = null) =>
        new("leg-1", CallStatus.Of(status), "CON-1", from, to, CallDirections.Parse(direction), Some.Epoch, duration);

    [Fact]
    public void Participants_are_named_by_role_and_masked_number_unless_numbers_are_included()
    {
        var c = Some.Opened();
        var masked = BackendCallbacks.For(new Closed(Some.Epoch), c, includeNumbers: false).Head();
        Assert.Equal(("conversation.closed", "closed"), (masked.Type, masked.Data.Conversation.Status));
        Assert.Equal(Some.Alice.Masked, masked.Data.Conversation.UserA.Number);
        Assert.DoesNotContain(Some.Alice.Digits, masked.ToString());
        Assert.DoesNotContain(Some.Bob.Digits, masked.ToString());
        Assert.Equal(Some.AlicesVirtual.E164, masked.Data.Conversation.UserA.VirtualNumber);
        var full = BackendCallbacks.For(new Closed(Some.Epoch), c, includeNumbers: true).Head();
        Assert.Equal(Some.Alice.E164, full.Data.Conversation.UserA.Number);
    }

    [Fact]
    public void A_replacement_is_told_as_an_update_naming_the_newcomer_masked()
    {
        var carol = new Participant(Some.Number("+447400999123"), Some.BobsVirtual);
        var replaced = new ParticipantReplaced(Side.B, Some.Opened().B, carol, Some.AlicesVirtual, Some.Epoch);
        var after = Conversation.Evolve(Some.Opened(), replaced)!;
        var message = BackendCallbacks.For(replaced, after, includeNumbers: false).Head();
        Assert.Equal(("conversation.updated", carol.Number.Masked), (message.Type, message.Data.Conversation.UserB.Number));
        Assert.DoesNotContain(carol.Number.Digits, message.ToString());
        Assert.DoesNotContain(Some.Bob.Digits, message.ToString());
    }

    [Fact]
    public void An_erasure_is_told_naming_no_one_and_calls_told_after_it_name_no_caller()
    {
        var erased = Some.Apply(Some.Opened(), new ConversationCommand.Close(Some.Epoch.AddMinutes(1)),
            new ConversationCommand.ErasePersonalData(Some.Epoch.AddMinutes(2)));
        var told = BackendCallbacks.For(new PersonalDataErased(Some.Epoch.AddMinutes(2)), erased, includeNumbers: true).Head();
        Assert.Equal(("conversation.erased", "erased", "erased"),
            (told.Type, told.Data.Conversation.UserA.Number, told.Data.Conversation.UserB.Number));
        Assert.Equal(Some.AlicesVirtual.E164, told.Data.Conversation.UserA.VirtualNumber);
        Assert.Contains(told.Type, BackendCallbacks.Types);
        // A call event recorded (or queued) after the erasure has lost its numbers, as the participants have theirs.
        foreach (var direction in new[] { "inbound", "outbound" })
        {
            var leg = (CallEventRecorded)Erasure.Of(new CallEventRecorded(Leg(direction, direction == "inbound" ? "started" : "completed",
                Some.Alice.Digits, Some.BobsVirtual.Digits, 42)));
            Assert.True(BackendCallbacks.For(leg, erased, includeNumbers: true).IsNone, direction);
        }
    }

    [Theory]
    [InlineData("inbound", "started", "call.started", null)]
    [InlineData("outbound", "answered", "call.answered", null)]
    [InlineData("outbound", "completed", "call.completed", "answered")]
    [InlineData("outbound", "busy", "call.completed", "busy")]
    [InlineData("outbound", "timeout", "call.completed", "no-answer")]
    [InlineData("outbound", "unanswered", "call.completed", "no-answer")]
    [InlineData("outbound", "rejected", "call.completed", "failed")]
    public void A_call_is_told_from_the_leg_that_knows(string direction, string status, string type, string? outcome)
    {
        var c = Some.Opened();
        // Alice calls: she dials Bob's stand-in; we connect from hers to Bob.
        var leg = direction == "inbound" ? Leg(direction, status, Some.Alice.Digits, Some.BobsVirtual.Digits, 42)
            : Leg(direction, status, Some.AlicesVirtual.Digits, Some.Bob.Digits, 42);
        var message = BackendCallbacks.For(new CallEventRecorded(leg), c, false).Head();
        Assert.Equal((type, "userA", outcome), (message.Type, message.Data.Call!.Caller, message.Data.Call.Outcome));
    }

    [Theory]
    [InlineData("inbound", "ringing")]
    [InlineData("inbound", "completed")]
    [InlineData("outbound", "started")]
    [InlineData("outbound", "ringing")]
    public void Other_legs_and_statuses_make_no_callback(string direction, string status) =>
        Assert.True(BackendCallbacks.For(new CallEventRecorded(
            Leg(direction, status, Some.Alice.Digits, Some.Bob.Digits)), Some.Opened(), false).IsNone);

    [Fact]
    public void A_leg_that_is_not_the_conversations_makes_no_callback() =>
        Assert.True(BackendCallbacks.For(new CallEventRecorded(
            Leg("inbound", "started", Some.Carol.Digits, Some.BobsVirtual.Digits)), Some.Opened(), false).IsNone);

    [Fact]
    public void Texts_are_told_by_recipient_role()
    {
        var c = Some.Opened();
        var undelivered = BackendCallbacks.For(new TextUndelivered(Side.B, "m-1", "expired", "5", Some.Epoch), c, false).Head();
        Assert.Equal(("sms.failed", "userB", "expired (err-code 5)"),
            (undelivered.Type, undelivered.Data.Sms!.To, undelivered.Data.Sms.Reason));
        Assert.Equal("sms.delivered", BackendCallbacks.For(new TextDelivered(Side.A, "m", Some.Epoch), c, false).Head().Type);
        Assert.True(BackendCallbacks.For(new TextSending(Side.A, "r", Some.Epoch), c, false).IsNone);
    }

    [Fact]
    public void A_call_after_the_conversation_ended_is_refused()
    {
        var closed = Conversation.Evolve(Some.Opened(), new Closed(Some.Epoch.AddMinutes(5)))!;
        var late = Leg("inbound", "started", Some.Alice.Digits, Some.BobsVirtual.Digits) with { Timestamp = Some.Epoch.AddMinutes(6) };
        var message = BackendCallbacks.For(new CallEventRecorded(late), closed, false).Head();
        Assert.Equal(("call.refused", "userA", "conversation-ended"), (message.Type, message.Data.Call!.Caller, message.Data.Call.Outcome));
        var during = late with { Timestamp = Some.Epoch.AddMinutes(4) };
        Assert.Equal("call.started", BackendCallbacks.For(new CallEventRecorded(during), closed, false).Head().Type);
    }
}
