using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Fills an empty pool with fictional numbers from the UK drama range (+44 7700 900000 to
/// 900999, set aside by Ofcom for fiction), so the sandbox works with nothing rented.
/// </summary>
public sealed class SandboxPool(
    IDocumentStore store, IConfiguration config, IOptions<VonageOptions> vonage, ILogger<SandboxPool> log)
    : IHostedService
{
    const long First = 447700900000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (vonage.Value.IsLive) return; // live pools hold only numbers we really rent
        var size = Math.Clamp(config.GetValue("VoiceProxy:Sandbox:PoolSize", 100), 1, 1000);
        await using var session = store.LightweightSession();
        if (await session.Query<PoolNumber>().AnyAsync(cancellationToken)) return;
        // Store is an upsert of identical rows, so instances seeding at once do no harm.
        session.Store(Enumerable.Range(0, size).Select(i => Fictional(First + i)).ToArray());
        await session.SaveChangesAsync(cancellationToken);
        log.SandboxPoolSeeded(size);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static PoolNumber Fictional(long digits) =>
        PhoneNumber.Parse(digits.ToString(), "GB").Match(
            Right: n => new PoolNumber(n.E164, n.Country, Reserved: false, PoolNumber.DefaultFeatures),
            Left: why => throw new InvalidOperationException($"sandbox number {digits} {why}"));
}
