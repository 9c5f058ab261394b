using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Features.Conversations;

/// <summary>
/// Sends again, once their wait is over, the set-up texts the provider certainly did not take
/// (<see cref="TextRetry"/>): each second, the conversations with such a text due go to
/// <see cref="TextDelivery"/> as a <see cref="TextTurn.Retry"/>. The wait is in the conversation,
/// so a restart, a crash or a leader hand-over loses none of them. Every instance looks: the
/// claim lets one of them send each text, and the others send nothing.
/// </summary>
public sealed class TextRetries(
    IDocumentStore store, TextDelivery delivery, CallsFirst callsFirst, TimeProvider clock, ILogger<TextRetries> log)
    : BackgroundService
{
    /// <summary>How often to look; the shortest wait is a second.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Conversations looked at a tick: their texts go at Vonage:SetupTextsPerSecond whatever the
    // batch (200 conversations are 16 s of texts at the default 25 a second); the rest wait for the next look.
    const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SendDue(stoppingToken);
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away: the texts wait in it, and we with them. Said once an outage,
                // not every second of it.
                if (!failing) log.TextRetriesPaused(e.GetType().Name);
                failing = true;
            }
        }
    }

    /// <summary>
    /// The conversations whose text to <paramref name="side"/> is due, in the order they fell due.
    /// Each side on its own and read in its partial index's order, so the plan cannot turn into a
    /// scan of every conversation, whatever the planner guesses (<c>TextRetriesPlanTests</c>).
    /// </summary>
    internal static IQueryable<Guid> Due(IQuerySession session, Side side, DateTimeOffset now) =>
        (side == Side.A
            ? session.Query<Conversation>().Where(c => c.TextWaitA!.Due <= now).OrderBy(c => c.TextWaitA!.Due)
            : session.Query<Conversation>().Where(c => c.TextWaitB!.Due <= now).OrderBy(c => c.TextWaitB!.Due))
        .Select(c => c.Id).Take(Batch);

    /// <returns>How many conversations had a text due.</returns>
    public async Task<int> SendDue(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var session = store.QuerySession())
            due = (await Due(session, Side.A, now).ToListAsync(ct)).Union(await Due(session, Side.B, now).ToListAsync(ct)).ToList();
        // Shuffled, so instances looking at once share the work instead of meeting on every claim.
        await Parallel.ForEachAsync(due.OrderBy(_ => Random.Shared.Next()).Chunk(TextDelivery.Together),
            new ParallelOptions { MaxDegreeOfParallelism = CallsFirst.Most, CancellationToken = ct },
            async (ids, token) =>
            {
                using var turn = await callsFirst.Wait(BackgroundWork.SetupTexts, token);
                await delivery.Deliver(ids, TextTurn.Retry, token);
            });
        return due.Count;
    }
}
