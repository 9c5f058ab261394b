using LanguageExt;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Routing;

/// <summary>One direction of a route: a caller's real number and the virtual number they dial.</summary>
public readonly record struct RouteKey(PhoneNumber Caller, PhoneNumber Dialed);

/// <summary>Where a routed call (or message) goes, and the virtual number it is shown from.</summary>
public sealed record Leg(PhoneNumber ShownAs, PhoneNumber Destination);

/// <summary>
/// What a conversation contributes to the route table, the one rule every channel shares: A
/// dialing B's virtual number reaches B, shown as A's virtual number; and the mirror image. The
/// answer webhook, the event webhook's leg check, the caches and the route rows all use this
/// (docs/architecture.md, "Route").
/// </summary>
/// <param name="Ended">Closed or expired on record; a live route may still be past its expiry.</param>
/// <param name="Channels">What it carries: calls, texts or both.</param>
/// <param name="Language">What its participants are spoken to in (<see cref="Conversations.Language"/>); none: the default.</param>
/// <param name="InterceptUrl">Its own intercept callback (<see cref="Intercept.Target"/>): carried here so a call
/// answered from the route cache needs no other read.</param>
public sealed record Route(Guid ConversationId, Participant A, Participant B, DateTimeOffset ExpiresAt, bool Ended,
    Channels Channels = Channels.Voice, string? Language = null, Uri? InterceptUrl = null)
{
    public static Route Of(Conversation c) =>
        new(c.Id, c.A, c.B, c.ExpiresAt, c.Status != ConversationStatus.Active, c.Channels, c.Language, c.InterceptUrl);

    public static Route Of(ConversationEvent.Opened o) =>
        new(o.ConversationId, o.A, o.B, o.ExpiresAt, false, o.Channels, o.Language, o.InterceptUrl);

    /// <summary>The route after a participant's replacement: the newcomer on their side, the counterpart's new stand-in.</summary>
    public Route Replacing(Side side, Participant by, PhoneNumber counterpartVirtual) =>
        side == Side.A
            ? this with { A = by, B = B with { VirtualNumber = counterpartVirtual } }
            : this with { B = by, A = A with { VirtualNumber = counterpartVirtual } };

    /// <summary>Both directions: A dialing B's virtual number, then B dialing A's.</summary>
    public Seq<RouteKey> Keys => Seq(new RouteKey(A.Number, B.VirtualNumber), new RouteKey(B.Number, A.VirtualNumber));

    /// <summary>Live until its expiry, to the tick, whatever has been recorded (docs/architecture.md, invariant 8).</summary>
    public bool IsLiveAt(DateTimeOffset now) => !Ended && now < ExpiresAt;

    /// <summary>The counterpart rule: where <paramref name="from"/> reaches by dialing <paramref name="to"/>.</summary>
    public Option<Leg> LegOf(PhoneNumber from, PhoneNumber to) =>
        (from, to) switch
        {
            var (f, t) when f == A.Number && t == B.VirtualNumber => new Leg(A.VirtualNumber, B.Number),
            var (f, t) when f == B.Number && t == A.VirtualNumber => new Leg(B.VirtualNumber, A.Number),
            _ => None,
        };

    /// <summary>
    /// Whether a Vonage call leg between these numbers is one of this route's: the inbound leg
    /// runs caller → dialed virtual number, the outbound leg our connect made runs from the
    /// caller's virtual number to the callee. Only such legs may write to the audit trail.
    /// </summary>
    public bool Carries(PhoneNumber from, PhoneNumber to) =>
        LegOf(from, to).IsSome
        || (from == A.VirtualNumber && to == B.Number)
        || (from == B.VirtualNumber && to == A.Number);

    /// <summary>The seconds left before expiry, so a call cannot outlive its conversation.</summary>
    public int LimitSecondsAt(DateTimeOffset now) =>
        (int)Math.Min(CallControl.ConnectOptions.MaxLimitSeconds, Math.Ceiling((ExpiresAt - now).TotalSeconds));
}
