using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Tests;

/// <summary>Readable example values for example-based tests.</summary>
public static class Some
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static PhoneNumber Number(string raw) =>
        PhoneNumber.Parse(raw, "GB").IfLeft(why => throw new ArgumentException($"{raw} {why}"));

    public static readonly PhoneNumber Alice = Number("+447911123456");
    public static readonly PhoneNumber Bob = Number("+447400123456");
    public static readonly PhoneNumber Carol = Number("+33612345678");
    public static readonly PhoneNumber AlicesVirtual = Number("+447700900001");
    public static readonly PhoneNumber BobsVirtual = Number("+447700900002");

    public static ConversationCommand.Open Open(Guid? id = null) => new(
        id ?? Guid.NewGuid(),
        new Participant(Alice, AlicesVirtual),
        new Participant(Bob, BobsVirtual),
        Epoch,
        Epoch.AddHours(1));

    public static Conversation Opened() =>
        Conversation.Evolve(null, ConversationDecider.Decide(Open(), null).RightToSeq().Flatten().Head())!;

    /// <summary>The conversation after each command in turn, as the shell would decide and fold them (a refused one changes nothing).</summary>
    public static Conversation Apply(Conversation c, params IEnumerable<ConversationCommand> commands) =>
        commands.Aggregate(c, (s, command) => ConversationDecider.Decide(command, s).RightToSeq().Flatten()
            .Fold((Conversation?)s, Conversation.Evolve)!);
}
