using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Live numbers: search, buy, and link each to our Vonage application. A number bought but not
/// linked would take calls we never see, so it is cancelled again. When a failure stops the
/// run part-way, the numbers already rented and linked are kept and returned.
/// </summary>
public sealed class VonageNumberProvider(NumbersClient numbers, ILogger<VonageNumberProvider> log) : INumberProvider
{
    public async Task<Either<PoolError, Seq<PhoneNumber>>> Provision(
        string country, int count, string[] features, Set<PhoneNumber> taken, CancellationToken ct)
    {
        var offered = await numbers.Search(country, features, Math.Min(100, count + taken.Count), ct);
        if (offered.IsLeft) return offered.Map(_ => Seq<PhoneNumber>()).MapLeft(f => (PoolError)new PoolError.ProviderFailed(f.ToProviderFailure()));
        var rented = Seq<PhoneNumber>();
        foreach (var candidate in offered.RightToSeq().Flatten())
        {
            if (rented.Count == count) break;
            if (PhoneNumber.Parse(candidate.Msisdn, country).ToOption() is not { IsSome: true } parsed
                || taken.Contains(parsed.Head())) continue;
            var failure = await RentAndLink(candidate, ct);
            if (failure.IsSome)
                return rented.IsEmpty ? new PoolError.ProviderFailed(failure.Head().ToProviderFailure()) : Right<PoolError, Seq<PhoneNumber>>(rented);
            rented = rented.Add(parsed.Head());
        }
        return rented.IsEmpty
            ? new PoolError.ProviderFailed(new VonageFailure.Rejected("search numbers",
                $"Vonage offered no {country} numbers with {string.Join(", ", features)}.").ToProviderFailure())
            : rented;
    }

    public async Task<Either<PoolError, Unit>> Release(PhoneNumber number, CancellationToken ct) =>
        (await numbers.Cancel(number.Country, number.Digits, ct)).MapLeft(f => (PoolError)new PoolError.ProviderFailed(f.ToProviderFailure()));

    async Task<Option<VonageFailure>> RentAndLink(VonageNumber candidate, CancellationToken ct)
    {
        var bought = await numbers.Buy(candidate.Country, candidate.Msisdn, ct);
        if (bought.IsLeft) return bought.LeftToSeq().HeadOrNone();
        var linked = await numbers.Link(candidate.Country, candidate.Msisdn, ct);
        if (linked.IsRight) return None;
        log.BoughtButNotLinked(candidate.Msisdn);
        await numbers.Cancel(candidate.Country, candidate.Msisdn, ct);
        return linked.LeftToSeq().HeadOrNone();
    }
}
