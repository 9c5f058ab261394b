using Marten;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Gauges read from the database, refreshed in the background: a scrape must not wait on (or
/// hammer) the database, and these move slowly. The pool's size and the numbers in use; the
/// set-up texts waiting to be sent again (<see cref="Core.Conversations.TextRetry"/>): above zero,
/// Vonage has been refusing or out of reach; how far the set-up texts and the callbacks are behind
/// the event store: a backlog after an outage or a burst, draining or not.
/// </summary>
public sealed class DatabaseGauges(IDocumentStore store, ILogger<DatabaseGauges> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <param name="TextsBehind">Events appended that the set-up texts' subscription has not read yet.</param>
    /// <param name="CallbacksBehind">The same for the callbacks' subscription.</param>
    public sealed record Readings(long Size, long InUse, long TextsWaiting, long TextsBehind, long CallbacksBehind);

    public Readings Current { get; private set; } = new(0, 0, 0, 0, 0);

    // One index probe per pool number (is any route dialing it?), so the cost follows the pool's
    // size, not the number of conversations: a GROUP BY over the route table cost seconds of
    // CPU at 1M conversations, every interval, on the cores that answer calls. The waiting texts
    // are counted in the retries' partial indexes, which hold only them; the newest event is the
    // last entry of its primary key. Each subscription's progress is Marten's own row, "name:All".
    static readonly string Sql = $"""
        with newest as (select coalesce(max(seq_id), 0) as seq from {MartenSetup.Schema}.mt_events)
        select count(*), count(*) filter (where exists (
            select 1 from {MartenSetup.Schema}.mt_doc_proxyroute r where r.data ->> 'Dialed' = p.id)),
            {string.Join(" + ", MartenSetup.TextDueColumns.Select(due =>
                $"(select count(*) from {MartenSetup.Schema}.mt_doc_conversation where {due} is not null)"))},
            (select seq from newest) - {Progress(Features.Conversations.TextParticipants.SubscriptionName)},
            (select seq from newest) - {Progress(Features.Callbacks.QueueCallbacks.SubscriptionName)}
        from {MartenSetup.Schema}.mt_doc_poolnumber p
        """;

    static string Progress(string subscription) =>
        $"coalesce((select last_seq_id from {MartenSetup.Schema}.mt_event_progression where name = '{subscription}:All'), 0)";

    /// <summary>Reads them now (the timer does, every <see cref="Interval"/>).</summary>
    public async Task Refresh(CancellationToken ct)
    {
        await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Current = new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
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
