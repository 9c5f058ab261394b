using Marten;
using VoiceProxy.Web.Persistence;

namespace VoiceProxy.Web.Hosting;

/// <summary>
/// Creates or updates every table before the app serves. Marten would serialise this across
/// instances with an advisory lock, which our DistributedLock shim cannot take; so instances
/// starting together on a fresh database can race on the same CREATE (PostgreSQL then says
/// 23505 on pg_type). The DDL is idempotent: the loser simply tries again and finds it done.
/// Every document type is registered in MartenSetup, so nothing is created lazily mid-request.
/// </summary>
public sealed class DatabaseSchema(IDocumentStore store, ILogger<DatabaseSchema> log) : IHostedService
{
    const int Attempts = 5;

    public async Task StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                await InstallChangeTriggers(ct);
                return;
            }
            catch (Exception e) when (attempt < Attempts && !ct.IsCancellationRequested)
            {
                log.LogWarning("Applying the database schema failed (attempt {Attempt}), retrying: {Error}",
                    attempt, e.Message);
                await Task.Delay(200 * attempt, ct);
            }
        }
    }

    async Task InstallChangeTriggers(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = DatabaseChanges.TriggerSql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
