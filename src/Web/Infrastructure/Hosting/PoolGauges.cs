using Marten;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Pool size and numbers in use, refreshed in the background: a scrape must not wait on (or
/// hammer) the database, and these move slowly.
/// </summary>
public sealed class PoolGauges(IDocumentStore store, ILogger<PoolGauges> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public long Size { get; private set; }
    public long InUse { get; private set; }

    // One index probe per pool number (is any route dialing it?), so the cost follows the pool's
    // size, not the number of conversations: a GROUP BY over the route table cost seconds of
    // CPU at 1M conversations, every interval, on the cores that answer calls.
    static readonly string Sql = $"""
        select count(*), count(*) filter (where exists (
            select 1 from {MartenSetup.Schema}.mt_doc_proxyroute r where r.data ->> 'Dialed' = p.id))
        from {MartenSetup.Schema}.mt_doc_poolnumber p
        """;

    async Task<(long, long)> Measure(CancellationToken ct)
    {
        await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                (Size, InUse) = await Measure(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.PoolGaugesFailed(e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
