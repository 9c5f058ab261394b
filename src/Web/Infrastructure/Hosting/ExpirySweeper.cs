using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary><c>VoiceProxy:Expiry:*</c>.</summary>
public sealed class ExpiryOptions
{
    public const string Section = "VoiceProxy:Expiry";

    /// <summary>How often to record expiries and free their routes; 0 turns the sweeper off.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400, ErrorMessage =
        "VoiceProxy:Expiry:SweepIntervalSeconds must be between 0 (off) and 86400.")]
    public int SweepIntervalSeconds { get; set; } = 30;
}

/// <summary>
/// Records ConversationExpired for active conversations past their expiry, which frees their
/// routes. Routing does not wait for it (docs/architecture.md, invariant 8). Several instances may sweep at once:
/// each expiry goes through the stream's optimistic concurrency, so the loser re-decides on
/// the newer state, finds it expired, and appends nothing.
/// </summary>
public sealed class ExpirySweeper(
    IDocumentStore store, ConversationStore conversations, TimeProvider clock,
    IOptions<ExpiryOptions> options, IOptions<VonageOptions> vonage, ILogger<ExpirySweeper> log) : BackgroundService
{
    const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SweepIntervalSeconds == 0) return;
        await Sweeps.Every(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), Batch, SweepOnce, log.ExpirySweepFailed, stoppingToken);
    }

    // A jti older than the signature window is refused for its iat anyway; no need to keep it.
    async Task ForgetOldSignatures(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromSeconds(vonage.Value.SignatureMaxAgeSeconds * 2);
        await using var connection = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var forget = SeenTokens.ForgetBefore(connection, cutoff);
        await forget.ExecuteNonQueryAsync(ct);
    }

    /// <returns>How many conversations were due (some may have been expired by another instance).</returns>
    public async Task<int> SweepOnce(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var session = store.QuerySession())
            due = (await session.Query<Conversation>()
                .Where(c => c.Status == ConversationStatus.Active && c.ExpiresAt <= now)
                .OrderBy(c => c.ExpiresAt).Select(c => c.Id).Take(Batch).ToListAsync(ct)).ToList();
        // Shuffled, so instances sweeping at once share the work instead of one trailing the other;
        // where they do meet on a stream, optimistic concurrency makes the loser append nothing.
        foreach (var id in due.OrderBy(_ => Random.Shared.Next()))
            await conversations.Handle(id, new ConversationCommand.Expire(now), ct);
        if (due.Count > 0) log.ExpiriesRecorded(due.Count);
        await ForgetOldSignatures(now, ct);
        return due.Count;
    }
}
