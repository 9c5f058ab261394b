using Npgsql;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Conversations stored before the retention sweep existed have no <c>erasable_after</c>: Marten
/// adds a duplicated column to a table, it does not fill it for the rows already there, so the
/// sweep would never find them. Filled once, from the JSON they do have, a batch at a time; a
/// <see cref="Mark"/> then says it was done, so no later sweep looks again (the rows the column leaves
/// null from then on are erased ones, and there are ever more of those).
/// </summary>
public static class UndatedConversations
{
    public const int Batch = 5_000;

    /// <summary>Stored once every undated conversation has its end time.</summary>
    public sealed record Mark(string Id, DateTimeOffset At)
    {
        public const string Key = "erasable-after-filled";
    }

    /// <summary>Dates up to <see cref="Batch"/> of them: their close, else their expiry, as the snapshot's own <c>ErasableAfter</c> says.</summary>
    public static NpgsqlCommand DateSome(NpgsqlConnection connection) => new($"""
        update {MartenSetup.Schema}.mt_doc_conversation
        set erasable_after = coalesce((data ->> 'ClosedAt')::timestamptz, (data ->> 'ExpiresAt')::timestamptz)
        where id in (
            select id from {MartenSetup.Schema}.mt_doc_conversation
            where erasable_after is null and data ->> 'ErasedAt' is null
            limit {Batch})
        """, connection);
}
