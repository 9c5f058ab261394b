using Marten;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Gauges read from the database, refreshed in the background: a scrape must not wait on (or
/// hammer) the database, and these move slowly. The pool's size and the numbers in use; the
/// set-up texts waiting to be sent again (<see cref="Core.Conversations.TextRetry"/>): above zero,
/// Vonage has been refusing or out of reach.
/// </summary>
public sealed class DatabaseGauges(IDocumentStore store, ILogger<DatabaseGauges> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public long Size { get; private set; }
    public long InUse { get; private set; }

    public long TextsWaiting { get; private set; }

    // One index probe per pool number (is any route dialing it?), so the cost follows the pool's
    // size, not the number of conversations: a GROUP BY over the route table cost seconds of
    // CPU at 1M conversations, every interval, on the cores that answer calls. The waiting texts
    // are counted by the retries' partial indexes, which hold only them.
    static readonly string Sql = $"""
        select count(*), count(*) filter (where exists (
            select 1 from {MartenSetup.Schema}.mt_doc_proxyroute r where r.data ->> 'Dialed' = p.id)),
            (select count(*) from {MartenSetup.Schema}.mt_doc_conversation where {MartenSetup.TextDue("TextWaitA")})
            + (select count(*) from {MartenSetup.Schema}.mt_doc_conversation where {MartenSetup.TextDue("TextWaitB")})
        from {MartenSetup.Schema}.mt_doc_poolnumber p
        """;

    /// <summary>Reads them now (the timer does, every <see cref="Interval"/>).</summary>
    public async Task Refresh(CancellationToken ct) => (Size, InUse, TextsWaiting) = await Measure(ct);

    async Task<(long, long, long)> Measure(CancellationToken ct)
    {
        await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await Refresh(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.GaugesFailed(e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
