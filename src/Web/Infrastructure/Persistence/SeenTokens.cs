using Npgsql;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The replay guard's table: each signed webhook's jti once seen. A plain two-column table, not
/// a Marten document: every signed webhook writes to it, and a JSON document with its metadata
/// columns and an expression index cost PostgreSQL several times the work per token
/// (docs/benchmarks.md). Rows are only inserted, so the primary key refuses a replay on every
/// instance, not just the one that saw the original.
/// </summary>
public static class SeenTokens
{
    const string Table = $"{MartenSetup.Schema}.seen_jti";

    /// <summary>Idempotent; applied at start-up (<see cref="Hosting.ChangeTriggers"/>).</summary>
    public const string CreateSql = $"""
        create table if not exists {Table} (jti text primary key, seen_at timestamptz not null);
        create index if not exists seen_jti_seen_at on {Table} (seen_at);
        """;

    /// <summary>A row comes back for each jti not seen before; a jti seen before, or twice in the arrays, once at most.</summary>
    public const string InsertSql = $"""
        insert into {Table} (jti, seen_at)
        select jti, at from unnest(@jtis::text[], @ats::timestamptz[]) as t(jti, at)
        on conflict (jti) do nothing
        returning jti
        """;

    public static NpgsqlCommand Insert(NpgsqlConnection connection, string[] jtis, DateTimeOffset[] ats)
    {
        var command = new NpgsqlCommand(InsertSql, connection);
        command.Parameters.AddWithValue("jtis", jtis);
        command.Parameters.AddWithValue("ats", ats);
        return command;
    }

    public static NpgsqlCommand Forget(NpgsqlConnection connection, string jti) =>
        new($"delete from {Table} where jti = @jti", connection) { Parameters = { new("jti", jti) } };

    /// <summary>Tokens seen before the cutoff: their iat is refused by then anyway.</summary>
    public static NpgsqlCommand ForgetBefore(NpgsqlConnection connection, DateTimeOffset cutoff) =>
        new($"delete from {Table} where seen_at < @cutoff", connection) { Parameters = { new("cutoff", cutoff) } };

    public static NpgsqlCommand Seen(NpgsqlConnection connection, string jti) =>
        new($"select exists (select 1 from {Table} where jti = @jti)", connection) { Parameters = { new("jti", jti) } };
}
