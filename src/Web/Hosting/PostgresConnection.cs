namespace VoiceProxy.Web.Hosting;

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
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (!env.IsDevelopment())
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Set ConnectionStrings__Postgres to a " +
                "PostgreSQL connection string (outside Development no local server is started).");
        var bin = LocalPostgres.FindBinaries()
            ?? throw new InvalidOperationException(LocalPostgres.InstallHint);
        var server = LocalPostgres.Create(bin, DevDataDirectory(env.ContentRootPath),
            config.GetValue("VoiceProxy:LocalPostgres:Port", DefaultDevPort));
        server.EnsureRunning();
        log.LogInformation(
            "Using a local PostgreSQL from {Bin}, data in {Data}. Stop it with: pg_ctl -D {Data} stop",
            bin, server.DataDirectory, server.DataDirectory);
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
