using Npgsql;
using NpgsqlTypes;
using VoiceProxy.Web.Infrastructure.Vonage;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// The replay guard's table: each signed webhook token once seen, keyed by (iat, jti). A replay is
/// the same token, so the same pair: the primary key refuses it on every instance, not just the
/// one that saw the original. iat leads the key because tokens arrive in about iat order, so
/// inserts land on the index's newest pages rather than anywhere in it, as a key of random UUIDs
/// alone did; and forgetting old tokens is a range of the same index, with no second index to
/// keep up. An insert of ten tokens cost PostgreSQL about a fifth less (pgbench,
/// docs/benchmarks.md). A plain table, not a Marten document: every signed webhook writes to it.
/// </summary>
public static class SeenTokens
{
    const string Table = $"{MartenSetup.Schema}.seen_tokens";

    /// <summary>
    /// Idempotent; applied at start-up (<see cref="Hosting.ChangeTriggers"/>). The earlier
    /// <c>seen_jti</c> (jti alone) is left to an instance of the version before, during a rolling
    /// upgrade; nothing reads it.
    /// </summary>
    public const string CreateSql = $"""
        create table if not exists {Table} (iat timestamptz not null, jti text not null, primary key (iat, jti));
        """;

    /// <summary>A row comes back for each token not seen before; a token seen before, or twice in the arrays, once at most.</summary>
    public const string InsertSql = $"""
        insert into {Table} (iat, jti)
        select iat, jti from unnest(@iats::timestamptz[], @jtis::text[]) as t(iat, jti)
        on conflict (iat, jti) do nothing
        returning jti
        """;

    public static NpgsqlCommand Insert(NpgsqlConnection connection, IReadOnlyCollection<SignedToken> tokens) =>
        new(InsertSql, connection)
        {
            Parameters =
            {
                new("iats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = tokens.Select(t => t.Iat).ToArray() },
                new("jtis", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tokens.Select(t => t.Jti).ToArray() },
            },
        };

    public static NpgsqlCommand Forget(NpgsqlConnection connection, SignedToken token) =>
        new($"delete from {Table} where iat = @iat and jti = @jti", connection)
        {
            Parameters = { new("iat", token.Iat), new("jti", token.Jti) },
        };

    /// <summary>Tokens issued before the cutoff: their iat is refused by then anyway.</summary>
    public static NpgsqlCommand ForgetBefore(NpgsqlConnection connection, DateTimeOffset cutoff) =>
        new($"delete from {Table} where iat < @cutoff", connection) { Parameters = { new("cutoff", cutoff) } };

    public static NpgsqlCommand Seen(NpgsqlConnection connection, SignedToken token) =>
        new($"select exists (select 1 from {Table} where iat = @iat and jti = @jti)", connection)
        {
            Parameters = { new("iat", token.Iat), new("jti", token.Jti) },
        };
}
