using Marten;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Installs the triggers that announce route and pool changes (<see cref="ChangeListener"/>) and
/// the replay guard's table (<see cref="SeenTokens"/>) and the index of texts that did not reach
/// their participant (<see cref="ConversationQueries.TextNotReachedIndexSql"/>), after Marten has applied the schema at
/// start-up and before the app serves. Instances that
/// start together on an empty database take turns through an advisory lock, as Marten's own
/// schema application does; the DDL is idempotent, so the second finds it done.
/// </summary>
public sealed class ChangeTriggers(IDocumentStore store) : IHostedService
{
    // Any fixed number, the same in every instance: the lock's name.
    const long LockId = 0x766f_6963_6570;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"select pg_advisory_xact_lock({LockId});\n{ChangeListener.TriggerSql}\n{SeenTokens.CreateSql}\n{ConversationQueries.TextNotReachedIndexSql}";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
