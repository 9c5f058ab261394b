using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// A conversation's new expiry, asked for as seconds from now (<c>ttlSeconds</c>) or as an
/// instant (<c>expiresAt</c>): exactly one of them. Extending is bounded like creation (no later
/// than <see cref="Lifetime.MaxSeconds"/> from now); shortening to now or before ends it.
/// </summary>
public static class ExpiryChange
{
    public static Validation<InputError, DateTimeOffset> Validate(
        int? ttlSeconds, DateTimeOffset? expiresAt, DateTimeOffset now, Lifetime lifetime) =>
        (ttlSeconds, expiresAt) switch
        {
            (null, null) => Fail<InputError, DateTimeOffset>(new InputError("ttlSeconds", "or expiresAt is required")),
            ({ }, { }) => Fail<InputError, DateTimeOffset>(new InputError("expiresAt", "cannot be given with ttlSeconds")),
            ({ } ttl, _) when ttl < 0 || ttl > lifetime.MaxSeconds =>
                Fail<InputError, DateTimeOffset>(new InputError("ttlSeconds", $"must be between 0 and {lifetime.MaxSeconds}")),
            ({ } ttl, _) => Success<InputError, DateTimeOffset>(now.AddSeconds(ttl)),
            (_, { } at) when at > now.AddSeconds(lifetime.MaxSeconds) =>
                Fail<InputError, DateTimeOffset>(new InputError("expiresAt", $"must be at most {lifetime.MaxSeconds} seconds from now")),
            (_, { } at) => Success<InputError, DateTimeOffset>(at),
        };
}
