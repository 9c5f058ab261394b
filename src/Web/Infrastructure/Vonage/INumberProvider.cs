using LanguageExt;
using VoiceProxy.Core;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>Where virtual numbers come from: rented and linked to our Vonage application, or minted in the sandbox.</summary>
public interface INumberProvider
{
    /// <summary>Rents <paramref name="count"/> numbers of a country that are not in <paramref name="taken"/>.</summary>
    Task<Either<PoolError, Seq<PhoneNumber>>> Provision(
        string country, int count, string[] features, Set<PhoneNumber> taken, CancellationToken ct);

    /// <summary>Ends the rental of a number.</summary>
    Task<Either<PoolError, Unit>> Release(PhoneNumber number, CancellationToken ct);
}
