using System.Text;
using Marten;
using Npgsql;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>docs/architecture.md, invariant 7: the read models are exactly what the events say.</summary>
[Trait("Category", "Integration")]
public class ReplayTests(ManualClockFixture api) : IClassFixture<ManualClockFixture>
{
    [Fact]
    public async Task Folding_each_stream_gives_its_stored_conversation_and_rebuilding_changes_nothing()
    {
        await MakeHistory();
        // The set-up texts and the sandbox carrier's receipts are written to the streams just
        // after each creation: let them settle (delivered, or failed for an ended conversation).
        await TwoInstances.Until(async () =>
        {
            await using var q = api.Store.QuerySession();
            return !await q.Query<Conversation>().AnyAsync(c => c.TextToA == TextOutcome.Pending || c.TextToA == TextOutcome.Sending
                || c.TextToA == TextOutcome.Sent || c.TextToB == TextOutcome.Pending || c.TextToB == TextOutcome.Sending
                || c.TextToB == TextOutcome.Sent);
        }, "the set-up texts never settled", TimeSpan.FromSeconds(20));
        await using (var session = api.Store.QuerySession())
        {
            foreach (var stored in await session.Query<Conversation>().ToListAsync())
            {
                var events = await session.Events.FetchStreamAsync(stored.Id);
                Assert.Equal(stored, Conversation.Fold(events.Select(e => e.Data).OfType<ConversationEvent>()));
            }
        }
        var before = await ReadModels();
        // Damage the read models, so the rebuild must write every row and remove strays.
        await using (var damage = api.Store.LightweightSession())
        {
            damage.DeleteWhere<Conversation>(_ => true);
            damage.DeleteWhere<PairRecord>(_ => true);
            damage.Store(new EndedRoute("1:2", Guid.NewGuid(), null!, null!, DateTimeOffset.UnixEpoch));
            await damage.SaveChangesAsync();
        }

        await Web.Infrastructure.Persistence.ReadModels.Rebuild(api.Store, CancellationToken.None);

        Assert.Equal(before, await ReadModels());
        Assert.Contains("mt_doc_proxyroute", before.Keys);
        Assert.Contains("mt_doc_endedroute", before.Keys);
    }

    // Open, close, expire, reuse a route after close, record calls: every kind of event.
    async Task MakeHistory()
    {
        var first = await api.Http.CreatedConversation("+447400960001", "+447400960002");
        (await api.Http.DeleteAsync($"/conversations/{first.Str("id")}")).Dispose();
        var again = await api.Http.CreatedConversation("+447400960002", "+447400960001");
        var shortLived = await api.Http.CreateConversation(new { userA = "+447400960003", userB = "+447400960001", ttlSeconds = 5 });
        var third = await api.Http.CreatedConversation("+447400960004", "+447400960001");
        var call = $$"""{"uuid":"r-1","status":"answered","from":"{{Digits(again.Str("userA", "number"))}}","to":"{{Digits(again.Str("userB", "virtualNumber"))}}","direction":"inbound"}""";
        (await api.Http.PostAsync("/webhooks/event", new StringContent(call, Encoding.UTF8, "application/json"))).Dispose();
        api.Manual.Advance(TimeSpan.FromSeconds(10));
        (await api.Http.DeleteAsync($"/conversations/{shortLived.Body.Str("id")}")).Dispose(); // records the expiry
        Assert.Equal("active", third.Str("status"));
    }

    /// <summary>Every read-model table as canonical jsonb text, keyed by table and id.</summary>
    async Task<SortedDictionary<string, SortedDictionary<string, string>>> ReadModels()
    {
        var tables = new SortedDictionary<string, SortedDictionary<string, string>>();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "mt_doc_conversation", "mt_doc_proxyroute", "mt_doc_endedroute", "mt_doc_pairrecord" })
        {
            var rows = new SortedDictionary<string, string>();
            await using var command = new NpgsqlCommand($"select id::text, data::text from {MartenSetup.Schema}.{table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetString(1);
            tables[table] = rows;
        }
        return tables;
    }
}
