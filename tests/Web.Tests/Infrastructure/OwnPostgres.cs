using System.Diagnostics;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for one test alone, which it may stop, restart or freeze without taking
/// the rest of the suite's database with it. Commits are acknowledged only once written
/// (synchronous_commit on, unlike the suite's shared server): an immediate shutdown must not lose
/// what a test was told is stored, or the test would be testing its own set-up.
/// </summary>
public sealed class OwnPostgres : IDisposable
{
    static readonly string[] Settings = ["fsync=off"];

    readonly LocalPostgres server;
    readonly string dir;

    public OwnPostgres()
    {
        var bin = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(LocalPostgres.InstallHint);
        dir = Path.Combine(Path.GetTempPath(), $"voiceproxy-own-{Guid.NewGuid():N}");
        server = LocalPostgres.Create(bin, dir, LocalPostgres.FreePort());
        server.EnsureRunning(Settings);
    }

    public string ConnectionString => server.ConnectionString;

    /// <summary>An immediate shutdown: open connections die, new ones are refused.</summary>
    public void Stop() => server.Stop();

    public void Start() => server.EnsureRunning(Settings);

    /// <summary>
    /// SIGSTOP to the postmaster and every backend: new connections and open ones alike go
    /// unanswered (a stuck host, a hung storage volume). The postmaster first, so it cannot fork
    /// a backend the children's signal then misses (the service opens connections all the time);
    /// the children twice, for one forked just before. A run where that happened read the
    /// "frozen" database in 6 ms.
    /// </summary>
    public void Freeze() => Signal("STOP");

    public void Thaw() => Signal("CONT");

    void Signal(string signal)
    {
        var postmaster = File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First().Trim();
        foreach (var (file, args) in new[]
                 {
                     ("kill", $"-{signal} {postmaster}"), ("pkill", $"-{signal} -P {postmaster}"), ("pkill", $"-{signal} -P {postmaster}"),
                 })
            using (var p = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false }))
                p!.WaitForExit();
    }

    public void Dispose()
    {
        Thaw();
        server.Stop();
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
