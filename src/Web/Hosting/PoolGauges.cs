using Marten;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Hosting;

/// <summary>
/// Pool size and numbers in use, refreshed in the background: a scrape must not wait on (or
/// hammer) the database, and these move slowly.
/// </summary>
public sealed class PoolGauges(IDocumentStore store, ILogger<PoolGauges> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public long Size { get; private set; }
    public long InUse { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var session = store.QuerySession();
                var pool = new NumberPool(session);
                (Size, InUse) = (await pool.Count(ct), (await pool.Use(ct)).Count);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Could not refresh the pool gauges: {Error}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }
}
