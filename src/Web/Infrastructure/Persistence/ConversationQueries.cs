using JasperFx.Events;
using LanguageExt;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>A page of conversations, and the cursor for the next one (null on the last page).</summary>
public sealed record ConversationPage(IReadOnlyList<Conversation> Items, Guid? Next);

/// <summary>What GET /conversations may filter on.</summary>
/// <param name="Text">Conversations where either participant's set-up text stands so.</param>
public sealed record ConversationFilter(Option<PhoneNumber> Participant, Option<ConversationStatus> Status,
    int Limit, Option<Guid> After, Option<string> Reference = default, Option<TextOutcome> Text = default);

/// <summary>Read-side queries on conversations: their stream (audit trail) and listings.</summary>
public sealed class ConversationQueries(IQuerySession session)
{
    public async Task<Option<(Conversation Conversation, IReadOnlyList<IEvent> Events)>> Trail(
        Guid id, CancellationToken ct)
    {
        var conversation = await session.LoadAsync<Conversation>(id, ct);
        if (conversation is null) return None;
        return (conversation, await session.Events.FetchStreamAsync(id, token: ct));
    }

    /// <summary>
    /// Conversations in id order (ids are time-ordered v7 GUIDs), after a cursor. The status is
    /// the one at <paramref name="now"/> (<see cref="StatusFilter"/>): "expired" includes active
    /// conversations already past their expiry, which the sweeper has not yet recorded, so the
    /// status matches what GET /conversations/{id} shows.
    /// </summary>
    public async Task<ConversationPage> List(ConversationFilter filter, DateTimeOffset now, CancellationToken ct)
    {
        var (where, parameters) = Where(filter, now);
        var rows = await session.QueryAsync<Conversation>(
            $"where {where} order by d.id limit {filter.Limit + 1}", ct, parameters);
        var items = rows.Take(filter.Limit).ToList();
        return new ConversationPage(items, rows.Count > filter.Limit ? items[^1].Id : null);
    }

    static (string, object[]) Where(ConversationFilter f, DateTimeOffset now)
    {
        var clauses = new List<string> { "true" };
        var parameters = new List<object>();
        foreach (var p in f.Participant)
        {
            clauses.Add("(d.data -> 'A' ->> 'Number' = ? or d.data -> 'B' ->> 'Number' = ?)");
            parameters.AddRange([p.E164, p.E164]);
        }
        foreach (var status in f.Status)
        {
            var ways = StatusFilter.For(status);
            clauses.Add($"({string.Join(" or ", ways.Map(Clause))})");
            foreach (var way in ways)
            {
                parameters.Add(way.Recorded.ToString());
                if (way.Expiry != ExpiryBound.Any) parameters.Add(now);
            }
        }
        // A literal, not a parameter: the planner takes the partial index only when it can see the
        // value implies the index's condition, and a prepared statement's generic plan cannot. The
        // value is an enum's own name, never the request's text.
        foreach (var text in f.Text)
            clauses.Add($"(d.data ->> 'TextToA' = '{text}' or d.data ->> 'TextToB' = '{text}')");
        foreach (var reference in f.Reference)
        {
            clauses.Add("d.data ->> 'Reference' = ?");
            parameters.Add(reference);
        }
        foreach (var after in f.After)
        {
            clauses.Add("d.id > ?");
            parameters.Add(after);
        }
        return (string.Join(" and ", clauses), parameters.ToArray());
    }

    /// <summary>
    /// The listing by a text that did not reach its participant (failed, undelivered: what a backend
    /// looks for after an outage, to ask for it again) reads this index in id order instead of
    /// scanning every conversation for a rare few. Partial, so the many conversations whose texts
    /// went cost it nothing. The other statuses are a text's end state (a page is found at once) or
    /// states it passes through; where few match, the listing scans, about 0.9 s a page at a million
    /// (docs/benchmarks.md). Applied at start-up (<see cref="Hosting.ChangeTriggers"/>); idempotent.
    /// </summary>
    public const string TextNotReachedIndexSql = $"""
        create index if not exists conversation_text_not_reached on {MartenSetup.Schema}.mt_doc_conversation (id)
        where (data ->> 'TextToA') in ('Failed', 'Undelivered') or (data ->> 'TextToB') in ('Failed', 'Undelivered');
        """;

    // One stored status of the filter (Core's StatusFilter), one for one in SQL.
    static string Clause(StoredStatus way) =>
        way.Expiry switch
        {
            ExpiryBound.AfterNow => "(d.data ->> 'Status' = ? and (d.data ->> 'ExpiresAt')::timestamptz > ?)",
            ExpiryBound.ByNow => "(d.data ->> 'Status' = ? and (d.data ->> 'ExpiresAt')::timestamptz <= ?)",
            _ => "d.data ->> 'Status' = ?",
        };
}
