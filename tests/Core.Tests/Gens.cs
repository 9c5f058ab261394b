using FsCheck;
using FsCheck.Fluent;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Tests;

/// <summary>Generators of domain values, composed in LINQ (after Seemann).</summary>
public static class Gens
{
    /// <summary>Assigned numbers from several countries' mobile plans; filtered by the library's own check.</summary>
    public static Gen<PhoneNumber> RealNumber =>
        from prefix in Gen.Elements("+447", "+336", "+3367", "+4917", "+1415", "+1212", "+61 4", "+4479")
        from rest in Gen.ArrayOf(Gen.Choose(0, 9), 9 - (prefix.Length - 4))
        let parsed = PhoneNumber.Parse(prefix + string.Concat(rest), "GB")
        where parsed.Exists(n => n.IsAssigned)
        select parsed.RightToSeq().Head();

    /// <summary>Fictional UK drama-range numbers, as the sandbox pool holds.</summary>
    public static Gen<PhoneNumber> VirtualNumber =>
        Gen.Choose(0, 999).Select(i => Some.Number($"+447700900{i:000}"));

    public static Gen<DateTimeOffset> Instant =>
        Gen.Choose(0, 100_000_000).Select(s => Some.Epoch.AddSeconds(s));

    /// <summary>An opened conversation between two different real numbers.</summary>
    public static Gen<Conversation> ActiveConversation =>
        from a in RealNumber
        from b in RealNumber
        where a != b
        from va in VirtualNumber
        from vb in VirtualNumber
        from opened in Instant
        from ttl in Gen.Choose(1, 1_000_000)
        select Conversation.Evolve(null, new ConversationEvent.Opened(
            Guid.NewGuid(), new Participant(a, va), new Participant(b, vb), opened, opened.AddSeconds(ttl)))!;

    /// <summary>A moment while the conversation is live: from its opening until just before expiry.</summary>
    public static Gen<DateTimeOffset> LiveMoment(Conversation c) =>
        Gen.Choose(0, (int)(c.ExpiresAt - c.CreatedAt).TotalSeconds - 1)
            .Select(s => c.CreatedAt.AddSeconds(s));
}
