using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Refuses a signed webhook whose token (jti) was seen before. Normally the database decides, so a
/// replay is refused by every instance. Tokens are written in groups: every sighting that arrives
/// while one round trip is under way goes in the next, one multi-row insert whose primary key
/// answers for each (group commit), so a busy instance pays one round trip per group, not per
/// call (docs/benchmarks.md). When the database does not answer within the request's deadline,
/// the token is remembered in this instance's memory instead (a replay to this instance is still
/// refused; one to another instance is not: the cost of connecting calls through an outage,
/// README "Security") and written to the database once it answers again.
/// </summary>
public sealed class ReplayGuard(IDocumentStore store, IOptions<VoiceProxyOptions> options, ILogger<ReplayGuard> log)
    : BackgroundService
{
    /// <summary>Enough for minutes of calls at thousands a second; past it, refuse (fail closed).</summary>
    const int MaxRemembered = 200_000;

    /// <summary>The most sightings one insert carries.</summary>
    const int MaxGroup = 1000;

    readonly ConcurrentDictionary<string, SignedToken> remembered = new(StringComparer.Ordinal);

    readonly Channel<Sighting> sightings = Channel.CreateUnbounded<Sighting>(new() { SingleReader = true });

    sealed record Sighting(SignedToken Token, TaskCompletionSource<bool> First);

    /// <param name="budget">What is left of the request's time for the database (<see cref="WebhookDeadline"/>).</param>
    public async Task<bool> FirstSighting(SignedToken token, TimeSpan budget, CancellationToken ct)
    {
        if (remembered.ContainsKey(token.Jti)) return false;
        var sighting = new Sighting(token, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            if (budget <= TimeSpan.Zero || !sightings.Writer.TryWrite(sighting))
                throw new TimeoutException("No time left for the replay check.");
            return await sighting.First.Task.WaitAsync(budget, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested
                                  && (DatabaseUnavailable.IsIn(e) || e is OperationCanceledException or TimeoutException))
        {
            // Given up on: a group still queued leaves it out, and catching up writes it instead.
            sighting.First.TrySetCanceled(CancellationToken.None);
            var first = remembered.Count < MaxRemembered && remembered.TryAdd(token.Jti, token);
            // Once as the outage starts, then every thousand tokens: not a line per call.
            if (first && remembered.Count % 1000 == 1) log.ReplayGuardInMemory(e.GetType().Name, remembered.Count);
            return first;
        }
    }

    /// <summary>
    /// Forgets a token whose request failed, so Vonage's retry of it is accepted. Best effort,
    /// within the webhook budget: if the database does not answer, the retry is refused as a
    /// replay, as it was before this existed.
    /// </summary>
    public async Task GiveBack(SignedToken token)
    {
        remembered.TryRemove(token.Jti, out _);
        try
        {
            await Budget.Within(options.Value.WebhookBudget, async ct =>
            {
                await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                await connection.OpenAsync(ct);
                await using var forget = SeenTokens.Forget(connection, token);
                return await forget.ExecuteNonQueryAsync(ct);
            }, CancellationToken.None);
        }
        catch (Exception e) when (DatabaseUnavailable.IsIn(e) || e is OperationCanceledException)
        {
        }
    }

    // One writer: each group goes as one statement, while the next group gathers.
    async Task WriteGroups(CancellationToken stop)
    {
        var reader = sightings.Reader;
        await using var writer = new GroupWriter(store);
        while (await reader.WaitToReadAsync(stop))
        {
            var group = new List<Sighting>();
            while (group.Count < MaxGroup && reader.TryRead(out var s))
                if (!s.First.Task.IsCompleted) group.Add(s); // waiters that gave up during an outage
            if (group.Count == 0) continue;
            try
            {
                var inserted = await Budget.Within(options.Value.WebhookBudget, token => writer.Insert(group, token), stop);
                // A token twice in one group: the first sighting is the one the database took.
                var answered = new HashSet<string>(StringComparer.Ordinal);
                foreach (var s in group) s.First.TrySetResult(inserted.Contains(s.Token.Jti) && answered.Add(s.Token.Jti));
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Each waiter decides for itself (memory, during an outage); the writer goes on.
                await writer.Reset();
                foreach (var s in group) s.First.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// The writer's own connection, held open with its insert prepared: a group costs PostgreSQL
    /// one execution, not a parse, a plan and a pool reset as well (docs/benchmarks.md). Its
    /// commits do not wait for the disk (<c>synchronous_commit off</c>, this session only): a
    /// crash of PostgreSQL itself may lose the last fraction of a second of tokens, which could
    /// then be replayed within their signature window; README "Performance" says so.
    /// </summary>
    sealed class GroupWriter(IDocumentStore store) : IAsyncDisposable
    {
        NpgsqlConnection? connection;
        NpgsqlCommand? insert;

        // The primary key answers for every token at once: a row comes back for each one not seen before.
        public async Task<HashSet<string>> Insert(List<Sighting> group, CancellationToken ct)
        {
            var command = insert ?? await Prepare(ct);
            command.Parameters[0].Value = group.Select(s => s.Token.Iat).ToArray();
            command.Parameters[1].Value = group.Select(s => s.Token.Jti).ToArray();
            var inserted = new HashSet<string>(StringComparer.Ordinal);
            await using var rows = await command.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) inserted.Add(rows.GetString(0));
            return inserted;
        }

        async Task<NpgsqlCommand> Prepare(CancellationToken ct)
        {
            connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            await using (var asynchronous = new NpgsqlCommand("set synchronous_commit to off", connection))
                await asynchronous.ExecuteNonQueryAsync(ct);
            insert = SeenTokens.Insert(connection, []);
            await insert.PrepareAsync(ct);
            return insert;
        }

        /// <summary>
        /// After a failure the connection may be broken, or still busy with a command the budget
        /// abandoned: the next group opens another. Never throws: the writer must go on, and a
        /// background service that throws stops the host.
        /// </summary>
        public async ValueTask Reset()
        {
            var (oldInsert, oldConnection) = (insert, connection);
            (insert, connection) = (null, null);
            try
            {
                if (oldInsert is not null) await oldInsert.DisposeAsync();
                if (oldConnection is not null) await oldConnection.DisposeAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or OperationCanceledException)
            {
                // Broken already; disposing it is all that was left to do.
            }
        }

        public ValueTask DisposeAsync() => Reset();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WriteGroups(stoppingToken), CatchUp(stoppingToken));

    // Catching up: what was remembered during an outage is written once the database answers,
    // so from then on every instance refuses those tokens too.
    async Task CatchUp(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (remembered.IsEmpty) continue;
            var batch = remembered.ToArray();
            try
            {
                // Inserted like any group: a token another instance wrote meanwhile is simply there already.
                await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                await using var insert = SeenTokens.Insert(connection, batch.Select(t => t.Value).ToArray());
                await insert.ExecuteNonQueryAsync(stoppingToken);
                foreach (var (jti, _) in batch) remembered.TryRemove(jti, out _);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Still out of reach (or anything else): keep them, try again on the next tick.
                // A background service that throws would stop the whole host.
                log.ReplayGuardInMemory(e.GetType().Name, remembered.Count);
            }
        }
    }
}
