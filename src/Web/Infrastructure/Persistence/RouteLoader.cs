using Marten;
using Npgsql;
using VoiceProxy.Core.Conversations;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Loads every active route into <see cref="RouteCache"/> each time the instance starts
/// listening: at start-up (the instance is ready only after the first load, so no call right
/// after a restart waits on the database) and after the listener reconnects. One streamed query;
/// the numbers arrive as integers, so a million conversations load in seconds without a JSON
/// document per row. A load that fails or is overtaken by a lost connection stops, and the next
/// listening starts another; meanwhile calls read the database as they would without a cache.
/// </summary>
public sealed class RouteLoader(IDocumentStore store, RouteCache cache, ILogger<RouteLoader> log)
{
    static readonly string Sql = $"""
        select id, (data->>'ConversationId')::uuid,
               ltrim(data->'A'->>'Number', '+')::bigint, ltrim(data->'A'->>'VirtualNumber', '+')::bigint,
               ltrim(data->'B'->>'Number', '+')::bigint, ltrim(data->'B'->>'VirtualNumber', '+')::bigint,
               (data->>'ExpiresAt')::timestamptz, data->>'Channels', data->>'Language', data->>'InterceptUrl'
        from {MartenSetup.Schema}.mt_doc_proxyroute
        """;

    // Kept by autovacuum's analyze; -1 for a table never analysed, which is then left to grow.
    static readonly string EstimateSql =
        $"select reltuples::bigint from pg_class where oid = '{MartenSetup.Schema}.mt_doc_proxyroute'::regclass";

    /// <summary>
    /// Runs in the background; the listener goes on hearing notifications meanwhile. A load that
    /// fails is tried again a second later for as long as the instance listens: until one
    /// completes, the instance is not ready.
    /// </summary>
    public async Task Run(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var generation = cache.BeginLoad();
            var complete = false;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                complete = await Load(generation, ct);
                if (complete && cache.Count >= CompactAfter) Compact();
                var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (complete) log.RoutesLoaded(cache.Count, seconds);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.RouteLoadFailed(e.GetType().Name);
            }
            finally
            {
                cache.EndLoad(generation, complete);
            }
            // Overtaken by a lost connection: the next listening loads afresh.
            if (complete || !cache.IsCurrent(generation)) return;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    async Task<bool> Load(long generation, CancellationToken ct)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // Sized once from PostgreSQL's estimate: grown by doubling instead, the table would hold
        // a third more memory than its routes need, on average (docs/benchmarks.md).
        await using (var estimate = new NpgsqlCommand(EstimateSql, connection))
            cache.Reserve(Convert.ToInt64(await estimate.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
        // No command timeout: a large table takes as long as it takes, and cancellation still stops it.
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = 0 };
        await using var rows = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await rows.ReadAsync(ct))
        {
            var row = new LoadedRoute(rows.GetString(0), rows.GetGuid(1),
                (ulong)rows.GetInt64(2), (ulong)rows.GetInt64(3), (ulong)rows.GetInt64(4), (ulong)rows.GetInt64(5),
                rows.GetFieldValue<DateTimeOffset>(6), ChannelsOf(rows.GetString(7)),
                rows.IsDBNull(8) ? null : rows.GetString(8), rows.IsDBNull(9) ? null : new Uri(rows.GetString(9)));
            // Full is complete: the rest are read per call, as they were before the cache.
            if (!cache.Load(generation, row)) return cache.IsFull && cache.IsCurrent(generation);
        }
        return true;
    }

    const int CompactAfter = 100_000;

    // A large load leaves hundreds of megabytes of garbage (a row's strings, the tables' growth)
    // for a full collection to find later, while calls wait on it: once measured as a 1.1 s stall
    // in the first seconds after a restart with a million conversations (docs/benchmarks.md). So
    // it is collected now, compacted and given back to the system, before the instance is ready.
    static void Compact()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    // As Marten stores the flags: "Voice", "Messages" or "Voice, Messages".
    static Channels ChannelsOf(string stored) => Enum.Parse<Channels>(stored);
}
