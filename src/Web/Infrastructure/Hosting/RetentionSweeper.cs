using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary><c>VoiceProxy:Retention:*</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "VoiceProxy:Retention";

    /// <summary>
    /// How long after a conversation ends its personal data is kept (for disputes, support, the
    /// backend's own questions) before it is erased; 0 keeps it for ever.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3_650, ErrorMessage =
        "VoiceProxy:Retention:EraseAfterDays must be between 0 (keep for ever) and 3650.")]
    public int EraseAfterDays { get; set; } = 30;

    /// <summary>How often to look for conversations past their retention.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 86_400, ErrorMessage =
        "VoiceProxy:Retention:SweepIntervalSeconds must be between 1 and 86400.")]
    public int SweepIntervalSeconds { get; set; } = 600;
}

/// <summary>
/// Erases the personal data of conversations that ended more than the retention period ago
/// (<see cref="PersonalDataErasure"/>), one at a time, each waiting for a turn of background work
/// (<see cref="CallsFirst"/>). Several instances may sweep at once: an erasure is idempotent, and
/// the stream's optimistic concurrency lets one record it.
/// </summary>
public sealed class RetentionSweeper(
    IDocumentStore store, PersonalDataErasure erasure, CallsFirst callsFirst, TimeProvider clock,
    IOptions<RetentionOptions> options, ILogger<RetentionSweeper> log) : BackgroundService
{
    const int Batch = 100;

    // Once this instance knows every conversation has its end time (UndatedConversations).
    bool allDated;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.EraseAfterDays == 0) return;
        await Sweeps.Every(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), Batch, SweepOnce, log.RetentionSweepFailed, stoppingToken);
    }

    /// <returns>How many conversations it erased (or found erased by another instance meanwhile): a
    /// full batch means more may be due.</returns>
    public async Task<int> SweepOnce(CancellationToken ct)
    {
        if (options.Value.EraseAfterDays == 0) return 0;
        await DateUndated(ct);
        var now = clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(options.Value.EraseAfterDays);
        List<Guid> due;
        await using (var session = store.QuerySession())
            due = (await session.Query<Conversation>()
                .Where(c => c.ErasableAfter != null && c.ErasableAfter <= cutoff)
                .OrderBy(c => c.ErasableAfter).Select(c => c.Id).Take(Batch).ToListAsync(ct)).ToList();
        var erased = 0;
        foreach (var id in due)
        {
            // A backlog (the first sweep after an upgrade, a sweep off for a while) must not slow calls.
            using var turn = await callsFirst.Wait(BackgroundWork.Erasures, ct);
            if ((await erasure.Erase(id, now, ct)).IsRight) erased++;
        }
        if (due.Count > 0) log.PersonalDataErased(erased, options.Value.EraseAfterDays);
        return erased;
    }

    async Task DateUndated(CancellationToken ct)
    {
        if (allDated) return;
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<UndatedConversations.Mark>(UndatedConversations.Mark.Key, ct) is null)
        {
            await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            int dated;
            do
            {
                await using var date = UndatedConversations.DateSome(connection);
                dated = await date.ExecuteNonQueryAsync(ct);
            }
            while (dated == UndatedConversations.Batch);
            session.Store(new UndatedConversations.Mark(UndatedConversations.Mark.Key, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
        }
        allDated = true;
    }
}
