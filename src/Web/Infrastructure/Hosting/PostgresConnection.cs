namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Where the database is: the configured connection string, or in Development a local server
/// this process starts (or reuses) from the machine's binaries.
/// </summary>
public static class PostgresConnection
{
    public const string Key = "Postgres";
    const int DefaultDevPort = 54329;

    public static string Resolve(IConfiguration config, IHostEnvironment env, ILogger log)
    {
        var configured = config.GetConnectionString(Key);
        return WithDefaults(string.IsNullOrWhiteSpace(configured) ? Local(config, env, log) : configured);
    }

    /// <summary>
    /// Npgsql settings the service is measured and fault-tested with, unless the connection string
    /// sets them: automatic preparation (the same few statements run for every call and every
    /// creation; prepared, PostgreSQL skips parsing and planning them: creations/s rose by about
    /// 45 % here, see docs/benchmarks.md; schema changes run at start-up, before any statement is
    /// prepared); and short timeouts, so a database that is down or frozen costs a request a few
    /// seconds and a 503, not a hang (docs/architecture.md, "Database outages"). The connect
    /// timeout is the shorter one because a frozen server holds a timed-out command for both:
    /// the command timeout, then Npgsql's cancel request, which opens a connection of its own
    /// (docs/reliability.md): 3 s + 3 s came to just over 7 s once in a loaded fault run.
    /// </summary>
    public static string WithDefaults(string connection)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!Sets(given, "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        if (!Sets(given, "Timeout")) builder.Timeout = 2;
        if (!Sets(given, "CommandTimeout")) builder.CommandTimeout = 3;
        if (!Sets(given, "CancellationTimeout")) builder.CancellationTimeout = 300;
        return builder.ConnectionString;
    }

    // Npgsql accepts a keyword with or without spaces, in any case.
    static bool Sets(System.Data.Common.DbConnectionStringBuilder given, string keyword) =>
        given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals(keyword, StringComparison.OrdinalIgnoreCase));

    static string Local(IConfiguration config, IHostEnvironment env, ILogger log)
    {
        if (!env.IsDevelopment())
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Set ConnectionStrings__Postgres to a " +
                "PostgreSQL connection string (outside Development no local server is started).");
        var bin = LocalPostgres.FindBinaries()
            ?? throw new InvalidOperationException(LocalPostgres.InstallHint);
        var server = LocalPostgres.Create(bin, DevDataDirectory(env.ContentRootPath),
            config.GetValue("VoiceProxy:LocalPostgres:Port", DefaultDevPort));
        server.EnsureRunning();
        log.UsingLocalPostgres(bin, server.DataDirectory, server.StopCommand);
        return server.ConnectionString;
    }

    // The repository's git-ignored .data folder; /tmp when the server user cannot reach it.
    static string DevDataDirectory(string contentRoot)
    {
        var root = RepositoryRoot(contentRoot) ?? contentRoot;
        var inRepo = Path.Combine(root, ".data", "postgres");
        return LocalPostgres.CanHost(inRepo)
            ? inRepo
            : Path.Combine(Path.GetTempPath(), "voiceproxy-dev-postgres");
    }

    static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoiceProxy.sln"))) return dir.FullName;
        return null;
    }
}
