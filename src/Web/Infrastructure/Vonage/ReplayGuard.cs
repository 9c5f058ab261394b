using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Options;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// Refuses a signed webhook whose token (jti) was seen before. Normally the database decides, so a
/// replay is refused by every instance. When the database does not answer within the webhook
/// budget, the token is remembered in this instance's memory instead (a replay to this instance
/// is still refused; one to another instance is not: the cost of connecting calls through an
/// outage, README "Security") and written to the database once it answers again.
/// </summary>
public sealed class ReplayGuard(IDocumentStore store, IOptions<VoiceProxyOptions> options, ILogger<ReplayGuard> log)
    : BackgroundService
{
    /// <summary>Enough for minutes of calls at thousands a second; past it, refuse (fail closed).</summary>
    const int MaxRemembered = 200_000;

    readonly ConcurrentDictionary<string, DateTimeOffset> remembered = new(StringComparer.Ordinal);

    /// <param name="budget">What is left of the request's time for the database (<see cref="WebhookDeadline"/>).</param>
    public async Task<bool> FirstSighting(string jti, DateTimeOffset now, TimeSpan budget, CancellationToken ct)
    {
        if (remembered.ContainsKey(jti)) return false;
        try
        {
            return await Budget.Within(budget, token => Insert(jti, now, token), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (DatabaseUnavailable.IsIn(e) || e is OperationCanceledException))
        {
            var first = remembered.Count < MaxRemembered && remembered.TryAdd(jti, now);
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
    public async Task GiveBack(string jti)
    {
        remembered.TryRemove(jti, out _);
        try
        {
            await Budget.Within(options.Value.WebhookBudget, async token =>
            {
                await using var session = store.LightweightSession();
                session.Delete<SeenToken>(jti);
                await session.SaveChangesAsync(token);
                return true;
            }, CancellationToken.None);
        }
        catch (Exception e) when (DatabaseUnavailable.IsIn(e) || e is OperationCanceledException)
        {
        }
    }

    async Task<bool> Insert(string jti, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Insert(new SeenToken(jti, now));
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (UniqueViolation.IsIn(e))
        {
            return false;
        }
    }

    // Catching up: what was remembered during an outage is written once the database answers,
    // so from then on every instance refuses those tokens too.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (remembered.IsEmpty) continue;
            var batch = remembered.ToArray();
            try
            {
                await using var session = store.LightweightSession();
                session.Store(batch.Select(t => new SeenToken(t.Key, t.Value)).ToArray());
                await session.SaveChangesAsync(stoppingToken);
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
