using System.Globalization;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// What routing needs of one conversation, compactly (56 bytes), shared by both its routes in
/// the route cache: A's route (A dials B's virtual number) is keyed (A, VB), B's (B, VA), so
/// neither key is stored again.
/// E.164 numbers are under 2^50, so each number's top byte is free: A's holds the channels, B's
/// the language (its place in Language.Supported), VB's which sides the table holds and which
/// of them have an intercept URL. A route apiece, as structs keyed by their pair in a dictionary,
/// cost 68 bytes each with the dictionary's own: 136 for a conversation (docs/benchmarks.md).
/// </summary>
internal readonly struct CachedConversation
{
    const int TopByte = 56;
    const ulong NumberBits = (1UL << TopByte) - 1;

    public Guid Id { get; }
    readonly ulong aAndChannels;
    readonly ulong va;
    readonly ulong bAndLanguage;
    readonly ulong vbAndSides;
    public long ExpiresAt { get; }

    CachedConversation(Guid id, ulong aAndChannels, ulong va, ulong bAndLanguage, ulong vbAndSides, long expiresAt) =>
        (Id, this.aAndChannels, this.va, this.bAndLanguage, this.vbAndSides, ExpiresAt) =
        (id, aAndChannels, va, bAndLanguage, vbAndSides, expiresAt);

    public ulong A => aAndChannels & NumberBits;
    public ulong VA => va;
    public ulong B => bAndLanguage & NumberBits;
    public ulong VB => vbAndSides & NumberBits;
    Channels Channels => (Channels)(byte)(aAndChannels >> TopByte);
    byte Language => (byte)(bAndLanguage >> TopByte);
    SideBits Sides => (SideBits)(byte)(vbAndSides >> TopByte);

    /// <summary>The key of one side's route.</summary>
    public RoutePair Key(Side side) => side == Side.A ? new RoutePair(A, VB) : new RoutePair(B, VA);

    /// <summary>Which side a key is of this conversation, if either (A first, as routing reads it).</summary>
    public Side? SideOf(RoutePair pair) =>
        pair == Key(Side.A) ? Side.A : pair == Key(Side.B) ? Side.B : null;

    public bool HasInterceptUrl(Side side) => (Sides & Intercepted(side)) != 0;
    public bool HoldsAnySide => (Sides & (SideBits.HeldA | SideBits.HeldB)) != 0;

    /// <summary>The same conversation, said the same way: both routes may then share it.</summary>
    public bool SameAs(CachedConversation other) =>
        Id == other.Id && aAndChannels == other.aAndChannels && va == other.va && bAndLanguage == other.bAndLanguage
        && VB == other.VB && ExpiresAt == other.ExpiresAt;

    public CachedConversation Holding(Side side, bool interceptUrl) =>
        WithSides((Sides & ~Intercepted(side)) | Held(side) | (interceptUrl ? Intercepted(side) : 0));

    public CachedConversation Releasing(Side side) => WithSides(Sides & ~(Held(side) | Intercepted(side)));

    CachedConversation WithSides(SideBits sides) =>
        new(Id, aAndChannels, va, bAndLanguage, VB | (ulong)sides << TopByte, ExpiresAt);

    public static CachedConversation? Of(Route r) =>
        r.Ended || Number(r.A.Number) is not { } a || Number(r.A.VirtualNumber) is not { } va
        || Number(r.B.Number) is not { } b || Number(r.B.VirtualNumber) is not { } vb
            ? null
            : Of(r.ConversationId, a, va, b, vb, r.ExpiresAt.UtcTicks, r.Channels, r.Language);

    public static CachedConversation? Of(LoadedRoute r) =>
        Of(r.ConversationId, r.A, r.VA, r.B, r.VB, r.ExpiresAt.UtcTicks, r.Channels, r.Language);

    static CachedConversation? Of(Guid id, ulong a, ulong va, ulong b, ulong vb, long expiresAt, Channels channels, string? language) =>
        (a | va | b | vb) > NumberBits
            ? null // not a number E.164 allows: read from the database per call instead
            : new CachedConversation(id, a | (ulong)(byte)channels << TopByte, va,
                b | (ulong)LanguageIndex(language) << TopByte, vb, expiresAt);

    public Route Route(Uri? interceptUrl) =>
        new(Id, new Participant(Phone(A), Phone(VA)), new Participant(Phone(B), Phone(VB)),
            new DateTimeOffset(ExpiresAt, TimeSpan.Zero), Ended: false, Channels,
            Language == 0 ? null : Languages[Language - 1], interceptUrl);

    [Flags]
    enum SideBits : byte
    {
        HeldA = 1,
        HeldB = 2,
        InterceptA = 4,
        InterceptB = 8,
    }

    static SideBits Held(Side side) => side == Side.A ? SideBits.HeldA : SideBits.HeldB;
    static SideBits Intercepted(Side side) => side == Side.A ? SideBits.InterceptA : SideBits.InterceptB;

    // Language.Supported's own string instances: routing gets the canonical tag back, never a copy.
    static readonly string[] Languages = Core.Conversations.Language.Supported.ToArray();

    static byte LanguageIndex(string? language) =>
        Core.Conversations.Language.Canonical(language).Match(l => (byte)(Array.IndexOf(Languages, l) + 1), () => (byte)0);

    static ulong? Number(Core.Numbers.PhoneNumber n) => RoutePair.Number(n.Digits);

    static Core.Numbers.PhoneNumber Phone(ulong digits) => StoredNumber.Parse("+" + digits.ToString(CultureInfo.InvariantCulture));
}
