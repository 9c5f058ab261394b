using System.Diagnostics;
using LanguageExt;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Bench;

/// <summary>
/// Puts active conversations into PostgreSQL through the same path as the service: the core
/// decides Opened, Marten appends it and the inline projections write the route table. Batched,
/// and each participant is in one conversation, so any pool numbers do (invariant 1 holds).
/// </summary>
public static class Seeder
{
    const int Batch = 2000;

    public static async Task<int> Run(string connection, int total)
    {
        using var store = DocumentStore.For(o => MartenSetup.Configure(o, connection, JasperFx.AutoCreate.CreateOrUpdate));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var count = store.QuerySession();
        var existing = await count.Query<Conversation>().CountAsync();
        var pool = Enumerable.Range(0, 100).Select(i => Number($"+447700900{i:000}")).ToArray();
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var start = existing + w * Batch; start < total; start += 2 * Batch)
                await AppendBatch(store, pool, start, Math.Min(Batch, total - start));
        }));
        await Task.WhenAll(workers);
        var added = Math.Max(0, total - existing);
        Console.WriteLine($$"""{"seeded":{{added}},"total":{{Math.Max(total, existing)}},"seconds":{{watch.Elapsed.TotalSeconds:F1}},"perSecond":{{added / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0}}}""");
        return 0;
    }

    /// <summary>
    /// Marks every async subscription (the set-up texts, the callbacks) as past every event, as
    /// if the seeded conversations had been texted long ago: a service with a million active
    /// conversations has no million texts pending. The service must be stopped: its daemon keeps
    /// its own progress.
    /// </summary>
    public static async Task<int> Advance(string connection)
    {
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync();
        // Made if the daemon has not made them yet (an instance stopped soon after its start).
        var names = string.Join(", ", new[] { Web.Features.Conversations.TextParticipants.SubscriptionName,
            Web.Features.Callbacks.QueueCallbacks.SubscriptionName }.Select(n => $"('{n}:All')"));
        await using var command = new Npgsql.NpgsqlCommand($"""
            insert into {MartenSetup.Schema}.mt_event_progression (name, last_seq_id)
            select name, (select coalesce(max(seq_id), 0) from {MartenSetup.Schema}.mt_events) from (values {names}) as s(name)
            on conflict (name) do update set last_seq_id = excluded.last_seq_id
            """, db);
        Console.WriteLine($$"""{"advanced":{{await command.ExecuteNonQueryAsync()}}}""");
        return 0;
    }

    static async Task AppendBatch(DocumentStore store, PhoneNumber[] pool, int start, int size)
    {
        var now = DateTimeOffset.UtcNow;
        await using var session = store.LightweightSession();
        for (var i = start; i < start + size; i++)
        {
            var open = new ConversationCommand.Open(Guid.CreateVersion7(),
                new Participant(Participant(2L * i), pool[i % pool.Length]),
                new Participant(Participant(2L * i + 1), pool[(i / pool.Length + 1) % pool.Length]),
                now, now.AddDays(30));
            var events = ConversationDecider.Decide(open, null).RightToSeq().Flatten();
            session.Events.StartStream<Conversation>(open.ConversationId, events.Cast<object>().ToArray());
        }
        await session.SaveChangesAsync();
    }

    // Distinct well-formed UK mobile numbers: +447 then nine digits.
    public static PhoneNumber Participant(long n) => Number($"+447{400_000_000 + n:000000000}");

    static PhoneNumber Number(string e164) =>
        PhoneNumber.Parse(e164, "GB").IfLeft(why => throw new InvalidOperationException($"{e164} {why}"));
}
