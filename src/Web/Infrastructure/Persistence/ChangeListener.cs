using Marten;
using Npgsql;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Keeps this instance's caches true to the database. Triggers announce changed routes (each
/// updated or deleted route row) and pool changes (any write to the pool table) by PostgreSQL NOTIFY,
/// delivered when the writing transaction commits; this listens and evicts from
/// <see cref="RouteCache"/> and <see cref="PoolCache"/>. When the connection fails, both caches are
/// emptied and bypassed until listening resumes; TCP keepalive bounds how long a silently dead
/// connection can go unnoticed. Each time it starts listening, it has <see cref="RouteLoader"/>
/// load every active route afresh.
/// </summary>
public sealed class ChangeListener(IDocumentStore store, RouteCache routes, RouteLoader loader, PoolCache pool,
    ILogger<ChangeListener> log)
    : BackgroundService
{
    public const string RouteChanged = "voiceproxy_route_changed";
    public const string PoolChanged = "voiceproxy_pool_changed";

    /// <summary>Installed at start-up (<see cref="Hosting.ChangeTriggers"/>).</summary>
    public static readonly string TriggerSql = $"""
        create or replace function {MartenSetup.Schema}.announce_route_changed() returns trigger
        language plpgsql as $$ begin perform pg_notify('{RouteChanged}', old.id); return old; end $$;
        create or replace function {MartenSetup.Schema}.announce_pool_changed() returns trigger
        language plpgsql as $$ begin perform pg_notify('{PoolChanged}', ''); return null; end $$;
        do $$ begin
          -- Updates too, not only deletes: a changed expiry must reach every instance's cache.
          drop trigger if exists route_ended on {MartenSetup.Schema}.mt_doc_proxyroute;
          if not exists (select 1 from pg_trigger where tgname = 'route_changed'
                         and tgrelid = '{MartenSetup.Schema}.mt_doc_proxyroute'::regclass) then
            create trigger route_changed after update or delete on {MartenSetup.Schema}.mt_doc_proxyroute
              for each row execute function {MartenSetup.Schema}.announce_route_changed();
          end if;
          if not exists (select 1 from pg_trigger where tgname = 'pool_changed'
                         and tgrelid = '{MartenSetup.Schema}.mt_doc_poolnumber'::regclass) then
            create trigger pool_changed after insert or update or delete or truncate
              on {MartenSetup.Schema}.mt_doc_poolnumber
              for each statement execute function {MartenSetup.Schema}.announce_pool_changed();
          end if;
        end $$;
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Listen(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                NotListening();
                log.ChangeListenerLost(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        NotListening();
    }

    void NotListening()
    {
        routes.NotListening();
        pool.NotListening();
    }

    async Task Listen(CancellationToken ct)
    {
        await using var template = store.Storage.Database.CreateConnection();
        var settings = new NpgsqlConnectionStringBuilder(template.ConnectionString) { KeepAlive = 5, Pooling = false };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, n) =>
        {
            if (n.Channel == RouteChanged) routes.Changed(n.Payload);
            else pool.Changed();
        };
        await using (var listen = new NpgsqlCommand($"listen {RouteChanged}; listen {PoolChanged}", connection))
            await listen.ExecuteNonQueryAsync(ct);
        routes.Listening();
        pool.Listening();
        // Loaded while this goes on hearing notifications: the load must know of every change
        // that commits while it reads (RouteCache.BeginLoad).
        _ = Task.Run(() => loader.Run(ct), ct);
        while (true) await connection.WaitAsync(ct);
    }
}
