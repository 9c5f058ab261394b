using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static VoiceProxy.Core.Conversations.ConversationCommand;

namespace VoiceProxy.Core.Tests.Conversations;

/// <summary>
/// Erasing an ended conversation's personal data (<see cref="Erasure"/>, <see cref="ErasePersonalData"/>):
/// afterwards nothing it keeps or records names a participant's number or what they texted, and
/// the events rewritten in the store still fold to the conversation the decider left.
/// </summary>
public class ErasureProperties
{
    static readonly PhoneNumber Carol = Some.Carol, CarolsVirtual = Some.Number("+447700900003");
    const string Words = "Outside the blue door";

    /// <summary>Everything personal a history can hold: the participants', the newcomer's, the words relayed.</summary>
    static readonly string[] Personal = [Some.Alice.Digits, Some.Bob.Digits, Carol.Digits, Words];

    // Rendered, not inspected field by field: a field added later that holds a number is caught too.
    static bool NamesAnyone(object value) => Personal.Any(p => value.ToString()!.Contains(p, StringComparison.Ordinal));

    /// <summary>One thing that can happen to a conversation, at a time given later, erasure among them.</summary>
    static Gen<Func<DateTimeOffset, ConversationCommand>> Command =>
        from side in Gen.Elements(Side.A, Side.B)
        from i in Gen.Choose(1, 3)
        from status in Gen.Elements(CallStatus.Started, CallStatus.Answered, CallStatus.Completed)
        from kind in Gen.Choose(0, 9)
        select (Func<DateTimeOffset, ConversationCommand>)(at => kind switch
        {
            0 => new ReplaceParticipant(side, Carol, CarolsVirtual, side == Side.A ? Some.BobsVirtual : Some.AlicesVirtual, at),
            // Vonage's legs: the caller's number to a virtual one, and a virtual one to the callee's.
            1 => new RecordCall(new CallEvent($"in-{i}", status, "CON", Some.Alice.Digits, Some.BobsVirtual.Digits, CallDirection.Inbound, at, null)),
            2 => new RecordCall(new CallEvent($"out-{i}", status, "CON", Some.AlicesVirtual.Digits, Some.Bob.Digits, CallDirection.Outbound, at, 42)),
            3 => new RecordRelay(side, $"m-{i}", Words, at),
            4 => new ClaimText(side, at),
            5 => new RecordNotified(side, $"t-{i}", at),
            6 => new Close(at),
            7 => new ChangeExpiry(at.AddMinutes(i * 10), at),
            8 => new RequestText(side, at),
            _ => new ErasePersonalData(at),
        });

    /// <summary>A minute apart, some past the conversation's hour: live, closed or expired along the way.</summary>
    static Gen<ConversationCommand[]> Histories =>
        from n in Gen.Choose(1, 40)
        from commands in Gen.ArrayOf(Command, n)
        select commands.Select((command, m) => command(Some.Epoch.AddMinutes((m + 1) * 3))).ToArray();

    /// <summary>Each command decided on the state the last left, as the shell does; refused ones append nothing.</summary>
    static (Conversation State, Seq<ConversationEvent> Events) Run(IEnumerable<ConversationCommand> commands)
    {
        var opened = ConversationDecider.Decide(Some.Open(), null).RightToSeq().Flatten();
        return commands.Aggregate((State: opened.Fold((Conversation?)null, Conversation.Evolve)!, Events: opened), (s, command) =>
        {
            var events = ConversationDecider.Decide(command, s.State).RightToSeq().Flatten();
            return (events.Fold((Conversation?)s.State, Conversation.Evolve)!, s.Events + events);
        });
    }

    [Property]
    public Property Once_erased_nothing_recorded_after_nor_the_conversation_itself_names_anyone() =>
        Prop.ForAll(Histories.ToArbitrary(), commands =>
        {
            var (state, events) = Run(commands);
            var erasedAt = events.ToList().FindIndex(e => e is ConversationEvent.PersonalDataErased);
            Assert.Equal(erasedAt >= 0, state.ErasedAt is not null);
            if (erasedAt < 0) return;
            Assert.All(events.Skip(erasedAt), e => Assert.False(NamesAnyone(e), $"{e} was recorded after the erasure"));
            Assert.False(NamesAnyone(state), $"{state} is erased");
            Assert.True(state.A.Number.IsErased && state.B.Number.IsErased);
        });

    [Property]
    public Property The_stored_events_rewritten_fold_to_the_conversation_the_erasure_left() =>
        Prop.ForAll(Histories.ToArbitrary(), commands =>
        {
            var (state, events) = Run(commands.Append(new Close(Some.Epoch.AddDays(1))).Append(new ErasePersonalData(Some.Epoch.AddDays(1))));
            var rewritten = events.Map(Erasure.Of);
            // The store's copy names no one, and a rebuild of the read model from it gives the snapshot (invariant 7).
            Assert.All(rewritten, e => Assert.False(NamesAnyone(e), $"{e} was kept"));
            Assert.Equal(state, Conversation.Fold(rewritten));
            Assert.NotNull(state.ErasedAt);
        });

    [Property]
    public Property A_live_conversation_is_never_erased_an_ended_one_once() =>
        Prop.ForAll(Histories.ToArbitrary(), Gen.Choose(0, 200).ToArbitrary(), (commands, minutes) =>
        {
            var (state, _) = Run(commands.Where(c => c is not ErasePersonalData));
            var now = Some.Epoch.AddMinutes(minutes);
            var decided = ConversationDecider.Decide(new ErasePersonalData(now), state);
            if (state.IsLiveAt(now))
            {
                Assert.Equal(new ConversationError.StillLive(state.Id), decided.LeftToSeq().Single());
                return;
            }
            var events = decided.RightToSeq().Flatten();
            Assert.Single(events, e => e is ConversationEvent.PersonalDataErased);
            var erased = events.Fold((Conversation?)state, Conversation.Evolve)!;
            // Past its expiry but not yet recorded so: the erasure records the expiry too, freeing its routes.
            Assert.NotEqual(ConversationStatus.Active, erased.Status);
            Assert.Empty(ConversationDecider.Decide(new ErasePersonalData(now.AddMinutes(1)), erased).RightToSeq().Flatten());
        });

    [Property]
    public Property Its_pairs_are_its_opening_then_one_after_each_replacement_the_last_its_own() =>
        Prop.ForAll(Histories.ToArbitrary(), commands =>
        {
            var (state, events) = Run(commands.Where(c => c is not ErasePersonalData));
            var pairs = Erasure.PairsIn(events).ToList();
            Assert.Equal(1 + events.Count(e => e is ConversationEvent.ParticipantReplaced), pairs.Count);
            Assert.Equal((Some.Alice, Some.Bob), (pairs[0].A.Number, pairs[0].B.Number));
            Assert.Equal((state.A, state.B), pairs[^1]);
        });
}
