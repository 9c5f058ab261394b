using Marten;
using Npgsql;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// Listens for ended routes (PostgreSQL NOTIFY from a trigger on the route table, sent when the
/// deleting transaction commits) and evicts them from this instance's <see cref="RouteCache"/>.
/// When the connection fails, the cache is emptied and bypassed until listening resumes; TCP
/// keepalive bounds how long a silently dead connection can go unnoticed.
/// </summary>
public sealed class RouteChanges(IDocumentStore store, RouteCache cache, ILogger<RouteChanges> log) : BackgroundService
{
    public const string Channel = "voiceproxy_route_ended";

    /// <summary>Installed at start-up (DatabaseSchema): every deleted route row is announced.</summary>
    public static readonly string TriggerSql = $"""
        create or replace function {MartenSetup.Schema}.announce_route_ended() returns trigger
        language plpgsql as $$ begin perform pg_notify('{Channel}', old.id); return old; end $$;
        do $$ begin
          if not exists (select 1 from pg_trigger where tgname = 'route_ended'
                         and tgrelid = '{MartenSetup.Schema}.mt_doc_proxyroute'::regclass) then
            create trigger route_ended after delete on {MartenSetup.Schema}.mt_doc_proxyroute
              for each row execute function {MartenSetup.Schema}.announce_route_ended();
          end if;
        end $$;
        """;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!cache.Enabled) return;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Listen(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                cache.Deaf();
                log.LogWarning("Route change listener lost its connection ({Error}); route cache off until it is back",
                    e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        cache.Deaf();
    }

    async Task Listen(CancellationToken ct)
    {
        await using var template = store.Storage.Database.CreateConnection();
        var settings = new NpgsqlConnectionStringBuilder(template.ConnectionString) { KeepAlive = 5, Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, n) => cache.Ended(n.Payload);
        await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        cache.Listening();
        while (true) await connection.WaitAsync(ct);
    }
}
