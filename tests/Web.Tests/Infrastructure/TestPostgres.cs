using Npgsql;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL per test run: VOICEPROXY_TEST_POSTGRES when set, otherwise a throwaway
/// server from the machine's binaries, tuned for speed (no fsync) and removed at exit.
/// Each test class gets its own database from it.
/// </summary>
public static class TestPostgres
{
    static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs SQL as the server's superuser, on its maintenance database.</summary>
    public static async Task Admin(string sql)
    {
        await using var admin = new NpgsqlConnection(Server.Value);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> CreateDatabase()
    {
        var name = $"voiceproxy_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(Server.Value))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("VOICEPROXY_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var bin = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(LocalPostgres.InstallHint);
        RemoveStoppedServers();
        var dir = Path.Combine(Path.GetTempPath(), $"{Prefix}{Guid.NewGuid():N}");
        var server = LocalPostgres.Create(bin, dir, LocalPostgres.FreePort());
        server.EnsureRunning(["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=400"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.Stop();
            TryDelete(dir);
        };
        return server.ConnectionString;
    }

    const string Prefix = "voiceproxy-test-";

    // The test host may be ended before its exit handler has deleted the data folder; a later
    // run removes the folders of servers that no longer run.
    static void RemoveStoppedServers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
            if (!File.Exists(Path.Combine(dir, "postmaster.pid"))) TryDelete(dir);
    }

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
