using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// Starts (or reuses) a PostgreSQL server from the machine's own binaries, so that a fresh
/// clone runs and tests with nothing set up. When run as root it runs the server as the
/// <c>postgres</c> user, as PostgreSQL refuses to run as root.
/// </summary>
public sealed class LocalPostgres
{
    readonly string binDir;
    readonly string dataDir;
    readonly int port;

    LocalPostgres(string binDir, string dataDir, int port)
    {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    public string DataDirectory => dataDir;

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";

    /// <summary>The newest installed server, or null with the reason when there is none.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(HasServer)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)),
                    out var v) ? v : new Version(0, 0))
                .FirstOrDefault() ?? FromPath()
            : FromPath();

    public const string InstallHint =
        "No PostgreSQL connection string and no PostgreSQL server binaries were found. " +
        "Install PostgreSQL (Debian: apt-get install postgresql), set ConnectionStrings__Postgres, " +
        "or run `docker compose up`.";

    public static LocalPostgres Create(string binDir, string dataDir, int port) =>
        new(binDir, Path.GetFullPath(dataDir), port);

    /// <summary>Any free TCP port on loopback, for throwaway servers.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Initialises the data folder when new, then starts the server unless it already runs.</summary>
    public void EnsureRunning(IEnumerable<string>? settings = null)
    {
        Directory.CreateDirectory(dataDir);
        GiveToServerUser(dataDir);
        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
            Run("initdb", $"-D \"{dataDir}\" -A trust -U postgres -E UTF8 --no-sync");
        if (IsRunning()) return;
        var options = string.Join(' ', new[]
            {
                $"-p {port}", $"-k {dataDir}", "-c listen_addresses=127.0.0.1",
            }.Concat((settings ?? []).Select(s => $"-c {s}")));
        try
        {
            Run("pg_ctl", $"-D \"{dataDir}\" -o \"{options}\" -l \"{dataDir}/server.log\" -w -t 60 start");
        }
        catch (InvalidOperationException e)
        {
            // pg_ctl only says "examine the log": say what the log says (e.g. the port is taken).
            throw new InvalidOperationException($"{e.Message}\nLast lines of {dataDir}/server.log:\n{LogTail()}", e);
        }
    }

    string LogTail()
    {
        var log = Path.Combine(dataDir, "server.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(5)) : "(no log)";
    }

    /// <summary>The shell command that stops this server, as the user running it can type it.</summary>
    public string StopCommand
    {
        get
        {
            var stop = $"{Path.Combine(binDir, "pg_ctl")} -D {dataDir} stop";
            return IsRoot ? $"runuser -u postgres -- {stop}" : stop;
        }
    }

    public void Stop() =>
        Run("pg_ctl", $"-D \"{dataDir}\" -m immediate -w stop", throwOnFailure: false);

    bool IsRunning() => Run("pg_ctl", $"-D \"{dataDir}\" status", throwOnFailure: false) == 0;

    static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb"));

    static string? FromPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);

    static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Whether the server's user can own a folder here: as root the server runs as postgres,
    /// which cannot reach a data folder under, say, a 0700 home directory.
    /// </summary>
    public static bool CanHost(string dataDir)
    {
        if (!IsRoot) return true;
        var parent = Path.GetDirectoryName(Path.GetFullPath(dataDir))!;
        Directory.CreateDirectory(parent);
        return Exec("runuser", $"-u postgres -- test -x \"{parent}\"", throwOnFailure: false) == 0;
    }

    static void GiveToServerUser(string dir)
    {
        if (!IsRoot) return;
        Exec("chown", $"-R postgres:postgres \"{dir}\"", throwOnFailure: true);
        Exec("chmod", $"700 \"{dir}\"", throwOnFailure: true);
    }

    int Run(string tool, string args, bool throwOnFailure = true)
    {
        var exe = Path.Combine(binDir, tool);
        return IsRoot
            ? Exec("runuser", $"-u postgres -- \"{exe}\" {args}", throwOnFailure)
            : Exec(exe, args, throwOnFailure);
    }

    static int Exec(string file, string args, bool throwOnFailure)
    {
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (throwOnFailure && process.ExitCode != 0)
            throw new InvalidOperationException(
                $"`{file} {args}` failed ({process.ExitCode}): {error.Result}{output.Result}");
        return process.ExitCode;
    }
}
