using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>Sandbox numbers: minted from fictional ranges, nothing rented, nothing to cancel.</summary>
public sealed class SandboxNumberProvider : INumberProvider
{
    public Task<Either<PoolError, Seq<PhoneNumber>>> Provision(
        string country, int count, string[] features, Set<PhoneNumber> taken, CancellationToken ct) =>
        Task.FromResult(FictionalNumbers.Mint(country, count, taken)
            .MapLeft(why => (PoolError)new PoolError.NoFictionalNumbers(why)));

    public Task<Either<PoolError, Unit>> Release(PhoneNumber number, CancellationToken ct) =>
        Task.FromResult(Right<PoolError, Unit>(unit));
}
