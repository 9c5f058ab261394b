using System.Diagnostics;
using System.Net;
using VoiceProxy.Web.Infrastructure.Hosting;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// The service as its own operating-system process (the build output's VoiceProxy.Web.dll), so
/// a test can kill it with SIGKILL mid-request the way a crash or an OOM kill would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;

    // The last lines it wrote to stderr and stdout: why it died, when it does.
    readonly System.Collections.Concurrent.ConcurrentQueue<string> said = new();

    public HttpClient Http { get; }

    ServiceProcess(Process process, int port)
    {
        this.process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <param name="settings">More configuration, by its usual keys (VoiceProxy:Callbacks:Url).</param>
    public static async Task<ServiceProcess> Start(string connection, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = LocalPostgres.FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "VoiceProxy.Web.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Postgres"] = connection;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["VoiceProxy__RateLimits__ApiPerSecond"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        var service = new ServiceProcess(process, port);
        // Drained, or a chatty child blocks on a full pipe.
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await TwoInstances.Until(service.IsReady, "the service process never became ready", TimeSpan.FromSeconds(60));
        return service;
    }

    void Keep(string? line)
    {
        if (line is null) return;
        said.Enqueue(line);
        while (said.Count > 20) said.TryDequeue(out _);
    }

    async Task<bool> IsReady()
    {
        Assert.False(process.HasExited,
            $"the service process exited with {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join("\n", said)}");
        try
        {
            using var ready = await Http.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown hook, no draining, no flush.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
