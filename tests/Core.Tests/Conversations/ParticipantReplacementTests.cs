using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Routing;
using static VoiceProxy.Core.Conversations.ConversationCommand;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>Given a conversation, when a participant is replaced, then the newcomer stands in their place.</summary>
public class ParticipantReplacementTests
{
    static readonly Core.Numbers.PhoneNumber Newcomer = Some.Number("+447400999001");
    static readonly Core.Numbers.PhoneNumber NewVirtual = Some.Number("+447700900050");

    static Either<ConversationError, Seq<ConversationEvent>> When(ConversationCommand command, Conversation state) =>
        ConversationDecider.Decide(command, state);


    [Fact]
    public void Replacing_B_puts_the_newcomer_in_B_s_place_and_texts_only_them_when_B_s_number_is_kept()
    {
        var given = Some.Apply(Some.Opened(), new ClaimText(Side.A, Some.Epoch), new RecordNotified(Side.A, "m-a", Some.Epoch));
        var replaced = Some.Apply(given, new ReplaceParticipant(Side.B, Newcomer, Some.BobsVirtual, Some.AlicesVirtual, Some.Epoch.AddMinutes(1)));
        Assert.Equal(new Participant(Newcomer, Some.BobsVirtual), replaced.B);
        Assert.Equal(given.A, replaced.A);
        Assert.Equal((TextOutcome.Pending, 1), (replaced.TextToB, replaced.TextRoundB));
        // Alice still calls the same number for the other side: nothing new to tell her.
        Assert.Equal((TextOutcome.Sent, 0), (replaced.TextToA, replaced.TextRoundA));
        var text = Assert.Single(Notification.Plan(replaced, "call {number}", Some.Epoch.AddMinutes(1)).Send);
        Assert.Equal((Side.B, Newcomer.Digits, $"{replaced.Id:N}-b1", "call " + Some.AlicesVirtual.E164),
            (text.Recipient, text.To, text.Reference, text.Text));
    }

    [Fact]
    public void A_new_number_for_the_newcomer_means_a_new_text_for_the_counterpart_too()
    {
        var replaced = Some.Apply(Some.Opened(), new ReplaceParticipant(Side.A, Newcomer, NewVirtual, Some.BobsVirtual, Some.Epoch));
        Assert.Equal((1, 1), (replaced.TextRoundA, replaced.TextRoundB));
        var bobs = Notification.Plan(replaced, "call {number}", Some.Epoch).Send.Find(n => n.Recipient == Side.B).Head();
        Assert.Equal("call " + NewVirtual.E164, bobs.Text);
    }

    [Fact]
    public void An_outcome_or_receipt_of_the_replaced_person_s_text_does_not_settle_the_newcomer_s()
    {
        var claimed = Some.Apply(Some.Opened(), new ClaimText(Side.B, Some.Epoch));
        var replaced = Some.Apply(claimed, new ReplaceParticipant(Side.B, Newcomer, Some.BobsVirtual, Some.AlicesVirtual, Some.Epoch));
        var late = Some.Apply(replaced, new RecordNotified(Side.B, "m-old", Some.Epoch, Round: 0),
            new RecordReceipt(Side.B, new TextReceipt("m-old", "delivered", "0", Some.Epoch), Round: 0));
        Assert.Equal(TextOutcome.Pending, late.TextToB);
        // A delivery that planned the old round claims nothing; the newcomer's round is claimed once.
        Assert.IsType<ConversationError.TextAlreadyClaimed>(When(new ClaimText(Side.B, Some.Epoch, Round: 0), late).LeftToSeq().Head());
        var sending = Assert.IsType<TextSending>(When(new ClaimText(Side.B, Some.Epoch, Round: 1), late).RightToSeq().Flatten().Single());
        Assert.Equal($"{late.Id:N}-b1", sending.Reference);
    }

    [Fact]
    public void The_newcomer_cannot_be_the_counterpart_an_ended_conversation_stays_ended_and_the_same_person_is_no_change()
    {
        var c = Some.Opened();
        var asCounterpart = When(new ReplaceParticipant(Side.B, Some.Alice, NewVirtual, Some.AlicesVirtual, Some.Epoch), c);
        Assert.Equal("userB", Assert.IsType<ConversationError.Invalid>(asCounterpart.LeftToSeq().Head()).Errors.Head().Field);
        var ended = Some.Apply(c, new Close(Some.Epoch));
        Assert.IsType<ConversationError.Ended>(When(new ReplaceParticipant(Side.B, Newcomer, NewVirtual, Some.AlicesVirtual, Some.Epoch), ended)
            .LeftToSeq().Head());
        Assert.IsType<ConversationError.Ended>(When(new ReplaceParticipant(Side.B, Newcomer, NewVirtual, Some.AlicesVirtual, c.ExpiresAt), c)
            .LeftToSeq().Head());
        Assert.Empty(When(new ReplaceParticipant(Side.B, Some.Bob, NewVirtual, Some.AlicesVirtual, Some.Epoch), c).RightToSeq().Flatten());
    }

    [Fact]
    public void The_replaced_person_s_route_is_gone_and_the_newcomer_s_is_there()
    {
        var replaced = Some.Apply(Some.Opened(), new ReplaceParticipant(Side.B, Newcomer, NewVirtual, Some.AlicesVirtual, Some.Epoch));
        var route = Route.Of(replaced);
        Assert.True(route.LegOf(Some.Bob, Some.AlicesVirtual).IsNone);
        Assert.Equal(new Leg(NewVirtual, Some.Alice), route.LegOf(Newcomer, Some.AlicesVirtual).Head());
        Assert.Equal(new Leg(Some.AlicesVirtual, Newcomer), route.LegOf(Some.Alice, NewVirtual).Head());
    }
}

/// <summary>The replacement rule over generated conversations, newcomers and numbers.</summary>
public class ParticipantReplacementProperties
{
    static Gen<(Conversation, Side, Core.Numbers.PhoneNumber, Core.Numbers.PhoneNumber, Core.Numbers.PhoneNumber, DateTimeOffset)> Cases =>
        from c in Gens.ActiveConversation
        from side in Gen.Elements(Side.A, Side.B)
        from newcomer in Gens.RealNumber
        where newcomer != c.A.Number && newcomer != c.B.Number
        from standIn in Gens.VirtualNumber
        from counterpartStandIn in Gens.VirtualNumber
        from now in Gens.LiveMoment(c)
        select (c, side, newcomer, standIn, counterpartStandIn, now);

    [Property(MaxTest = 300)]
    public Property The_newcomer_routes_where_the_replaced_person_did_and_nothing_of_theirs_remains() =>
        Prop.ForAll(Cases.ToArbitrary(), t =>
        {
            var (c, side, newcomer, standIn, counterpartStandIn, now) = t;
            var (gone, counterpart) = (c.Of(side), c.Of(Conversation.Other(side)));
            var events = ConversationDecider.Decide(new ReplaceParticipant(side, newcomer, standIn, counterpartStandIn, now), c)
                .RightToSeq().Flatten();
            var after = events.Fold((Conversation?)c, Conversation.Evolve)!;
            var route = Route.Of(after);
            // Each reaches the other, shown as their own stand-in; the replaced person reaches no one.
            Assert.Equal(new Leg(standIn, counterpart.Number), route.LegOf(newcomer, counterpartStandIn).Head());
            Assert.Equal(new Leg(counterpartStandIn, newcomer), route.LegOf(counterpart.Number, standIn).Head());
            Assert.DoesNotContain(route.Keys, k => k.Caller == gone.Number);
            Assert.True(route.LegOf(gone.Number, counterpart.VirtualNumber).IsNone);
            // The rows and caches follow RouteChange: it agrees with the fold.
            var revised = Assert.IsType<RouteChange.Revised>(RouteChange.Of(events.Single()));
            Assert.Equal(route, revised.Revise(Route.Of(c)));
            // The newcomer's text is due, in a new round; the counterpart's only if the number they call changed.
            Assert.Equal((TextOutcome.Pending, c.TextRound(side) + 1), (after.TextTo(side), after.TextRound(side)));
            Assert.Equal(standIn != gone.VirtualNumber, after.TextRound(Conversation.Other(side)) == c.TextRound(Conversation.Other(side)) + 1);
        });
}
