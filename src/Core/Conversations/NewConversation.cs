using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>How long conversations may live: the default, and the most a request may ask for.</summary>
public sealed record Lifetime(int DefaultSeconds, int MaxSeconds);

/// <summary>
/// A conversation to be created, validated (docs/architecture.md, invariant 4): its participants
/// and lifetime. The only way to make one is <see cref="Validate"/>: holding one proves the
/// request was checked.
/// </summary>
public sealed record NewConversation
{
    NewConversation(PhoneNumber a, PhoneNumber b, int ttlSeconds, BackendLink link, Channels channels, Allocation.Stickiness stickiness,
        string? language) =>
        (A, B, TtlSeconds, Link, Channels, Stickiness, Language) = (a, b, ttlSeconds, link, channels, stickiness, language);

    public PhoneNumber A { get; private init; }

    public PhoneNumber B { get; private init; }

    public int TtlSeconds { get; }

    /// <summary>The backend's own handle on the conversation and where it hears what happened.</summary>
    public BackendLink Link { get; }

    /// <summary>What it carries (the request's mode): calls, texts, or both.</summary>
    public Channels Channels { get; }

    /// <summary>Whether the pair's previous numbers are preferred or avoided (the request's numberSelection).</summary>
    public Allocation.Stickiness Stickiness { get; }

    /// <summary>What its participants are spoken and texted to in (<see cref="Conversations.Language"/>); none: the default.</summary>
    public string? Language { get; }

    /// <summary>The same pair with the numbers as the provider normalised them (live mode's Number Insight).</summary>
    public NewConversation WithNumbers(PhoneNumber a, PhoneNumber b) => this with { A = a, B = b };

    /// <summary>
    /// Both numbers must be real, assigned phone numbers, differ from each other and not be
    /// one of our virtual numbers; the lifetime must be within bounds. All field errors are
    /// collected, not just the first.
    /// </summary>
    public static Validation<InputError, NewConversation> Validate(
        string? userA, string? userB, int? ttlSeconds, Lifetime lifetime, string region, Set<PhoneNumber> pool,
        string? reference = null, string? callbackUrl = null, string? mode = null, string? numberSelection = null,
        string? language = null, string? interceptUrl = null) =>
        (Participant("userA", userA, region, pool), Participant("userB", userB, region, pool),
                Ttl(ttlSeconds, lifetime), BackendLink.Validate(reference, callbackUrl, interceptUrl), Mode.Parse(mode),
                Allocation.NumberSelection.Parse(numberSelection), Conversations.Language.Parse(language))
            .Apply((a, b, ttl, link, channels, stickiness, lang) => (a, b, ttl, link, channels, stickiness, lang))
            .Bind(Distinct);

    static Validation<InputError, NewConversation> Distinct(
        (PhoneNumber A, PhoneNumber B, int Ttl, BackendLink Link, Channels Channels, Allocation.Stickiness Stickiness,
            Option<string> Language) p) =>
        p.A == p.B
            ? Fail<InputError, NewConversation>(new InputError("userB", "must differ from userA"))
            : Success<InputError, NewConversation>(new NewConversation(p.A, p.B, p.Ttl, p.Link, p.Channels, p.Stickiness,
                p.Language.MatchUnsafe(l => l, () => null)));

    static Validation<InputError, int> Ttl(int? seconds, Lifetime lifetime) =>
        (seconds ?? lifetime.DefaultSeconds) is var ttl && ttl >= 1 && ttl <= lifetime.MaxSeconds
            ? Success<InputError, int>(ttl)
            : Fail<InputError, int>(new InputError("ttlSeconds", $"must be between 1 and {lifetime.MaxSeconds}"));

    /// <summary>A participant's number: readable, assigned, and none of our virtual numbers (a newcomer's too).</summary>
    public static Validation<InputError, PhoneNumber> Participant(
        string field, string? raw, string region, Set<PhoneNumber> pool) =>
        NumberField.Required(field, raw, region).Bind(n => Real(field, n, pool));

    static Validation<InputError, PhoneNumber> Real(string field, PhoneNumber n, Set<PhoneNumber> pool) =>
        (pool.Contains(n), n.IsAssigned) switch
        {
            (true, _) => Fail<InputError, PhoneNumber>(
                new InputError(field, "is one of this service's virtual numbers")),
            (_, false) => Fail<InputError, PhoneNumber>(
                new InputError(field, "is not an assigned phone number")),
            _ => Success<InputError, PhoneNumber>(n),
        };
}
