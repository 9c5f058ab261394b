using JasperFx;
using Marten;
using Marten.Linq;
using Npgsql;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Features.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// The text retries look for due texts every second on every instance, so their query must read
/// only the few waiting rows, never every conversation. Its first version compared an expression
/// over the JSON whose partial index was empty, and the planner, with no statistics on it, chose to
/// scan all of a million conversations each second (the harness found it: 5 s a look). Asserted
/// on the plan PostgreSQL chooses for the query as the service builds it, not on a timing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TextRetriesPlanTests
{
    const int Conversations = 200_000;

    [Fact]
    public async Task Due_texts_are_read_in_their_index_among_many_conversations_with_or_without_statistics()
    {
        var database = await TestPostgres.CreateDatabase();
        using var store = DocumentStore.For(o => MartenSetup.Configure(o, database, AutoCreate.CreateOrUpdate));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var now = DateTimeOffset.UtcNow;
        var (dueA, laterA, dueB) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Sql(database, $"""
            insert into {MartenSetup.Schema}.mt_doc_conversation (id, data, mt_dotnet_type)
                select gen_random_uuid(), '{"{}"}'::jsonb, 'Conversation' from generate_series(1, {Conversations});
            insert into {MartenSetup.Schema}.mt_doc_conversation (id, data, mt_dotnet_type, text_wait_a_due, text_wait_b_due) values
                ('{dueA}', '{"{}"}'::jsonb, 'Conversation', now() - interval '2 seconds', null),
                ('{laterA}', '{"{}"}'::jsonb, 'Conversation', now() + interval '1 minute', null),
                ('{dueB}', '{"{}"}'::jsonb, 'Conversation', null, now() - interval '1 second');
            """);

        foreach (var analyzed in new[] { false, true })
        {
            if (analyzed) await Sql(database, $"analyze {MartenSetup.Schema}.mt_doc_conversation");
            await using var session = store.QuerySession();
            foreach (var (side, index) in new[] { (Side.A, "text_wait_a_due"), (Side.B, "text_wait_b_due") })
            {
                var plan = await Explain(database, TextRetries.Due(session, side, now).ToCommand(FetchType.FetchMany));
                Assert.Contains($"mt_doc_conversation_idx_{index}", plan);
                Assert.DoesNotContain("Seq Scan", plan);
            }
            Assert.Equal([dueA], await TextRetries.Due(session, Side.A, now).ToListAsync());
            Assert.Equal([dueB], await TextRetries.Due(session, Side.B, now).ToListAsync());
        }
    }

    static async Task Sql(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // EXPLAIN of the command as built, with its own parameters: the plan it runs with.
    static async Task<string> Explain(string database, NpgsqlCommand query)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain " + query.CommandText, connection);
        foreach (NpgsqlParameter p in query.Parameters) explain.Parameters.Add(p.Clone());
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
