using LanguageExt;

namespace VoiceProxy.Core.Conversations;

public enum ConversationStatus { Active, Closed, Expired }

/// <summary>
/// Where a participant's set-up text stands. It is delivered from the event store after the
/// conversation is acknowledged, so it starts pending; it is claimed (sending) before it is
/// handed to the provider, so a delivery interrupted by a crash is known to be in doubt
/// (docs/architecture.md, invariant 10). Once sent, the carrier's receipt may say it was
/// delivered or will never be.
/// </summary>
public enum TextOutcome { Pending, Sending, Sent, Failed, Delivered, Undelivered }

/// <summary>
/// The state of one conversation, folded from its events. Flat on purpose: it is also the
/// read model the event store keeps.
/// </summary>
/// <param name="CallEvents">The Vonage call events already recorded, as "uuid|status": Vonage
/// retries deliveries, and each must land on the stream once.</param>
/// <param name="TextRoundA">How many times A's set-up text has had to go out anew (A replaced, the
/// number A calls changed, or the backend asked for it again): each round is its own text, with its
/// own reference at the provider.</param>
/// <param name="Language">What its participants are spoken (and texted) to in; none: the default, English.</param>
/// <param name="InterceptUrl">The backend's intercept callback for this conversation, instead of the service's.</param>
/// <param name="TextWaitA">A's set-up text did not go and waits to be tried again (<see cref="TextRetry"/>); none: it never had to.</param>
/// <param name="TextRequests">The Idempotency-Keys under which the backend asked for a text again, each as "side|key".</param>
/// <param name="ErasedAt">When its personal data was erased (<see cref="Erasure"/>); none while it is kept.</param>
public sealed record Conversation(
    Guid Id,
    ConversationStatus Status,
    Participant A,
    Participant B,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? ClosedAt,
    Set<string> CallEvents,
    TextOutcome TextToA = TextOutcome.Pending,
    TextOutcome TextToB = TextOutcome.Pending,
    string? Reference = null,
    Uri? CallbackUrl = null,
    Channels Channels = Channels.Voice,
    Set<string> RelayedMessages = default,
    int TextRoundA = 0,
    int TextRoundB = 0,
    string? Language = null,
    Uri? InterceptUrl = null,
    TextWait? TextWaitA = null,
    TextWait? TextWaitB = null,
    Set<string> TextRequests = default,
    DateTimeOffset? ErasedAt = null)
{
    public TextOutcome TextTo(Side side) => side == Side.A ? TextToA : TextToB;

    public int TextRound(Side side) => side == Side.A ? TextRoundA : TextRoundB;

    public TextWait? TextWaitFor(Side side) => side == Side.A ? TextWaitA : TextWaitB;

    public Participant Of(Side side) => side == Side.A ? A : B;

    /// <summary>Whose text was asked for again under this Idempotency-Key, if anyone's.</summary>
    public Side? TextRequestedUnder(string key) =>
        TextRequests.Contains(RequestEntry(Side.A, key)) ? Side.A
        : TextRequests.Contains(RequestEntry(Side.B, key)) ? Side.B
        : null;

    static string RequestEntry(Side side, string key) => $"{side}|{key}";

    Conversation Requested(ConversationEvent.TextRequested r) =>
        (r.Key is null ? this : this with { TextRequests = TextRequests.TryAdd(RequestEntry(r.Side, r.Key)) }).TextAgain(r.Side);

    public static Side Other(Side side) => side == Side.A ? Side.B : Side.A;

    /// <summary>Whether we are done with the participant's text: handed over (or known not to be), receipt or not.</summary>
    public static bool IsSettled(TextOutcome text) => text is not (TextOutcome.Pending or TextOutcome.Sending);

    Conversation WithText(Side side, TextOutcome outcome) =>
        side == Side.A ? this with { TextToA = outcome } : this with { TextToB = outcome };

    Conversation WithWait(Side side, TextWait? wait) =>
        side == Side.A ? this with { TextWaitA = wait } : this with { TextWaitB = wait };

    // Settled: nothing waits any more.
    Conversation Settled(Side side, TextOutcome outcome) => WithText(side, outcome).WithWait(side, null);

    // A retried text's claim keeps its wait (how often it did not go, and since when), due again
    // only if the claim is abandoned; a first try has no wait, and a claim does not give it one.
    Conversation Claimed(ConversationEvent.TextSending t) =>
        WithText(t.Side, TextOutcome.Sending)
            .WithWait(t.Side, TextWaitFor(t.Side) is { } w ? w with { Due = t.At + TextRetry.ClaimAbandonedAfter } : null);

    Conversation NotSent(ConversationEvent.TextNotSent n) =>
        WithText(n.Side, TextOutcome.Pending).WithWait(n.Side, TextWait.Next(TextWaitFor(n.Side), n.At, n.DueAt));

    Conversation With(Side side, Participant p) => side == Side.A ? this with { A = p } : this with { B = p };

    // A participant's text is due again, as a new round: the old round's outcomes are not this one's.
    Conversation TextAgain(Side side) =>
        (side == Side.A ? this with { TextRoundA = TextRoundA + 1 } : this with { TextRoundB = TextRoundB + 1 })
            .WithText(side, TextOutcome.Pending).WithWait(side, null);

    // The newcomer is texted; the counterpart only when the number they call for the newcomer changed.
    Conversation Replaced(ConversationEvent.ParticipantReplaced p)
    {
        var other = Other(p.Side);
        var next = With(p.Side, p.By).With(other, Of(other) with { VirtualNumber = p.CounterpartVirtualNumber })
            .TextAgain(p.Side);
        return p.By.VirtualNumber == p.Replaced.VirtualNumber ? next : next.TextAgain(other);
    }

    /// <summary>
    /// The status as of <paramref name="now"/>: an active conversation past its expiry is
    /// expired at once, before any sweep records it (docs/architecture.md, invariant 8).
    /// </summary>
    public ConversationStatus StatusAt(DateTimeOffset now) =>
        Status == ConversationStatus.Active && now >= ExpiresAt
            ? ConversationStatus.Expired
            : Status;

    public bool IsLiveAt(DateTimeOffset now) => StatusAt(now) == ConversationStatus.Active;

    /// <summary>
    /// When it ended, or will (its close, else its expiry), while its personal data is kept; none
    /// once erased. The retention period counts from here.
    /// </summary>
    public DateTimeOffset? ErasableAfter => ErasedAt is null ? ClosedAt ?? ExpiresAt : null;

    /// <summary>
    /// A call leg has been answered and has not ended: someone is on a call through this
    /// conversation right now (Twilio's in-progress).
    /// </summary>
    public bool CallInProgress =>
        CallEvents.Select(k => k.Split('|')).Where(k => k.Length == 2).GroupBy(k => k[0])
            .Any(leg => leg.Any(k => CallStatus.Of(k[1]) == CallStatus.Answered) && !leg.Any(k => CallStatus.Of(k[1]).IsFinal));

    /// <summary>Why it ended, as the REST API names it: closed-by-api or expired; none while active.</summary>
    public string? ClosedReasonAt(DateTimeOffset now) =>
        StatusAt(now) switch
        {
            ConversationStatus.Closed => "closed-by-api",
            ConversationStatus.Expired => "expired",
            _ => null,
        };

    /// <summary>
    /// Whether it was live at an instant, as far as this state knows: before its expiry and
    /// before any close. For events told after the fact (a call that started just before a close).
    /// </summary>
    public bool WasLiveAt(DateTimeOffset at) => at < ExpiresAt && (ClosedAt is null || at < ClosedAt);

    /// <summary>Folds one event. A conversation only starts with Opened; nothing reopens it.</summary>
    public static Conversation? Evolve(Conversation? state, ConversationEvent @event) =>
        (state, @event) switch
        {
            (null, ConversationEvent.Opened o) => new(o.ConversationId, ConversationStatus.Active,
                o.A, o.B, o.OpenedAt, o.ExpiresAt, null, LanguageExt.Set<string>.Empty,
                Reference: o.Reference, CallbackUrl: o.CallbackUrl, Channels: o.Channels, Language: o.Language,
                InterceptUrl: o.InterceptUrl),
            ({ Status: ConversationStatus.Active } s, ConversationEvent.Closed c) =>
                s with { Status = ConversationStatus.Closed, ClosedAt = c.ClosedAt },
            ({ Status: ConversationStatus.Active } s, ConversationEvent.ExpiryChanged x) => s with { ExpiresAt = x.To },
            ({ Status: ConversationStatus.Active } s, ConversationEvent.Expired) =>
                s with { Status = ConversationStatus.Expired },
            ({ Status: ConversationStatus.Active } s, ConversationEvent.ParticipantReplaced p) => s.Replaced(p),
            ({ Status: ConversationStatus.Active } s, ConversationEvent.TextRequested r) => s.Requested(r),
            ({ } s, ConversationEvent.TextSending t) => s.Claimed(t),
            ({ } s, ConversationEvent.TextNotSent n) => s.NotSent(n),
            ({ } s, ConversationEvent.ParticipantNotified n) => s.Settled(n.Side, TextOutcome.Sent),
            ({ } s, ConversationEvent.NotificationFailed f) => s.Settled(f.Side, TextOutcome.Failed),
            ({ } s, ConversationEvent.TextDelivered d) => s.WithText(d.Side, TextOutcome.Delivered),
            ({ } s, ConversationEvent.TextUndelivered u) => s.WithText(u.Side, TextOutcome.Undelivered),
            ({ } s, ConversationEvent.MessageRelayed m) => s with { RelayedMessages = s.RelayedMessages.TryAdd(m.MessageId) },
            ({ } s, ConversationEvent.CallEventRecorded r) =>
                s with { CallEvents = s.CallEvents.TryAdd(r.Call.Key) },
            // Only an ended conversation's: the decider records the end first when it had not been.
            ({ Status: not ConversationStatus.Active } s, ConversationEvent.PersonalDataErased x) =>
                s with { A = Erasure.Of(s.A), B = Erasure.Of(s.B), ErasedAt = s.ErasedAt ?? x.At },
            _ => state,
        };

    public static Conversation? Fold(IEnumerable<ConversationEvent> events) =>
        events.Aggregate((Conversation?)null, Evolve);
}
