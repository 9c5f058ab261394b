using LanguageExt;
using Marten;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Features.Numbers;

/// <summary>The pool number a path's {number} names, for the endpoints that change one.</summary>
static class PoolNumbers
{
    public static async Task<Either<PoolError, PoolNumber>> Find(
        IQuerySession session, string raw, string region, CancellationToken ct)
    {
        var parsed = PhoneNumber.Parse(raw, region);
        var stored = parsed.IsRight ? await session.LoadAsync<PoolNumber>(parsed.RightToSeq().Head().E164, ct) : null;
        return stored is null ? new PoolError.NotInPool() : stored;
    }
}
