using LanguageExt;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core;

/// <summary>A field of a request that is wrong, and why; the edge maps these to a 422.</summary>
public sealed record InputError(string Field, string Message);

/// <summary>Why an inbound call is not connected. Every case is answered with a spoken refusal.</summary>
public abstract record RouteError
{
    private RouteError() { }

    /// <summary>From or to is not a phone number (withheld, garbage, a SIP URI).</summary>
    public sealed record UnreadableNumber(string Field) : RouteError;

    /// <summary>No active conversation answers this (caller, dialed number).</summary>
    public sealed record NoConversation(PhoneNumber Dialed) : RouteError;

    /// <summary>The conversation exists but the caller is not the participant it routes for.</summary>
    public sealed record CallerNotParticipant(Guid ConversationId, PhoneNumber Dialed) : RouteError;

    /// <summary>The conversation was closed or has passed its expiry.</summary>
    /// <param name="Language">The conversation's: its participant is told in their own language.</param>
    public sealed record ConversationEnded(Guid ConversationId, string? Language = null) : RouteError;

    /// <summary>The conversation carries text messages only.</summary>
    public sealed record VoiceNotEnabled(Guid ConversationId, string? Language = null) : RouteError;

    /// <summary>
    /// The route could not be looked up in time (the database is unreachable or stalled) and no
    /// copy of it may be used: the caller is asked to try again, never put through on a guess.
    /// </summary>
    public sealed record Undecided : RouteError;
}

/// <summary>Why a conversation command was refused.</summary>
public abstract record ConversationError
{
    private ConversationError() { }

    /// <summary>The request's fields are wrong; every wrong field is listed.</summary>
    public sealed record Invalid(Seq<InputError> Errors) : ConversationError;

    public sealed record NotFound : ConversationError;

    public sealed record AlreadyExists(Guid ConversationId) : ConversationError;

    /// <summary>The conversation is closed or expired: it cannot be changed any more.</summary>
    public sealed record Ended(Guid ConversationId) : ConversationError;

    /// <summary>The conversation is live: its participants' numbers are what connects them, so they are not erased until it ends.</summary>
    public sealed record StillLive(Guid ConversationId) : ConversationError;

    /// <summary>No eligible virtual number is free for this participant (docs/architecture.md, invariant 5).</summary>
    public sealed record NoFreeNumber(PhoneNumber Participant) : ConversationError;

    /// <summary>Other creations kept taking the chosen routes first; worth retrying.</summary>
    public sealed record Contended(PhoneNumber A, PhoneNumber B) : ConversationError;

    /// <summary>The set-up text was claimed by another delivery first; this one sends nothing.</summary>
    public sealed record TextAlreadyClaimed(Conversations.Side Side) : ConversationError;

    /// <summary>The set-up text waits to be sent again (<see cref="Conversations.TextRetry"/>) and is not due until <paramref name="Due"/>.</summary>
    public sealed record TextNotDue(Conversations.Side Side, DateTimeOffset Due) : ConversationError;

    /// <summary>The participant's set-up text is still on its way (not yet sent, or waiting to be tried again): one at a time.</summary>
    public sealed record TextOnItsWay(Conversations.Side Side) : ConversationError;

    /// <summary>The Idempotency-Key was first used with a different request.</summary>
    public sealed record KeyReused(string Key) : ConversationError;

    /// <summary>A Vonage call the creation needs (Number Insight) failed.</summary>
    public sealed record ProviderFailed(ProviderFailure Failure) : ConversationError;
}

/// <summary>Why a change to the pool of virtual numbers was refused.</summary>
public abstract record PoolError
{
    private PoolError() { }

    public sealed record Invalid(Seq<InputError> Errors) : PoolError;

    public sealed record AlreadyInPool(PhoneNumber Number) : PoolError;

    public sealed record NotInPool : PoolError;

    /// <summary>Active conversations still route through it: reserve it and let them end first.</summary>
    public sealed record InUse(PhoneNumber Number) : PoolError;

    /// <summary>VoiceProxy:Pool:MaxSize would be exceeded.</summary>
    public sealed record PoolFull(int MaxSize) : PoolError;

    /// <summary>The sandbox has no such numbers to mint.</summary>
    public sealed record NoFictionalNumbers(string Reason) : PoolError;

    /// <summary>The Idempotency-Key was first used with a different request.</summary>
    public sealed record KeyReused(string Key) : PoolError;

    /// <summary>Vonage's Numbers API failed.</summary>
    public sealed record ProviderFailed(ProviderFailure Failure) : PoolError;
}

/// <summary>
/// A call to the telephony provider that failed, as the domain needs to know it: which operation,
/// why (no phone number in it), whether the provider refused the request itself (so the input is
/// at fault and retrying cannot help), and whether trying again later may. The provider's own
/// failure taxonomy stays at its edge.
/// </summary>
public sealed record ProviderFailure(string Operation, string Reason, bool RefusedRequest, bool WorthRetrying);
