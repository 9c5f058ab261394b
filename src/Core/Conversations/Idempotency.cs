using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// A request made under an Idempotency-Key: the key, a fingerprint of the request it came with,
/// and when. Stored in the same transaction as what the request made, beside it.
/// </summary>
public sealed record IdempotentRequest(string Key, string Fingerprint, DateTimeOffset At);

/// <summary>What a request under a key already used means.</summary>
public abstract record Repeat
{
    private Repeat() { }

    /// <summary>The key is new (or its window has passed): create.</summary>
    public sealed record Fresh : Repeat;

    /// <summary>The same request again: answer with what the first one made, do nothing else.</summary>
    public sealed record Replay : Repeat;

    /// <summary>The key was used for a different request: refuse, naming the key.</summary>
    public sealed record Mismatch(string Key) : Repeat;
}

/// <summary>
/// Idempotent requests (the IETF Idempotency-Key header): a backend that retries a creation it
/// never heard back from gets the first conversation, and nobody is texted twice; a retried
/// provisioning rents nothing more.
/// </summary>
public static class Idempotency
{
    public const int MaxKeyLength = 255;

    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>No header is no key; a present one must be 1 to 255 printable ASCII characters.</summary>
    public static Validation<InputError, Option<string>> Key(string? header) =>
        header switch
        {
            null => Success<InputError, Option<string>>(None),
            { Length: > 0 and <= MaxKeyLength } k when k.All(ch => ch is >= '!' and <= '~') =>
                Success<InputError, Option<string>>(Some(k)),
            _ => Fail<InputError, Option<string>>(new InputError("Idempotency-Key",
                $"must be 1 to {MaxKeyLength} printable ASCII characters without spaces")),
        };

    public static Repeat Decide(Option<IdempotentRequest> first, string fingerprint, DateTimeOffset now, TimeSpan window) =>
        first.Filter(f => now - f.At < window).Match<Repeat>(
            Some: f => f.Fingerprint == fingerprint ? new Repeat.Replay() : new Repeat.Mismatch(f.Key),
            None: () => new Repeat.Fresh());
}
