using LanguageExt;
using Marten;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Persistence;

/// <summary>The pool of virtual numbers as the allocator and the validator need it.</summary>
public sealed record PoolSnapshot(Seq<PhoneNumber> Assignable, Set<PhoneNumber> All);

public sealed class NumberPool(IQuerySession session)
{
    public async Task<PoolSnapshot> Load(CancellationToken ct)
    {
        var numbers = await session.Query<PoolNumber>().OrderBy(n => n.Id).ToListAsync(ct);
        var parsed = numbers.Select(n => (n.Reserved, Number: StoredNumber.Parse(n.Id))).ToList();
        return new PoolSnapshot(
            toSeq(parsed.Where(n => !n.Reserved).Select(n => n.Number)),
            toSet(parsed.Select(n => n.Number)));
    }
}
