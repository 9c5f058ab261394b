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

    public HttpClient Http { get; }

    ServiceProcess(Process process, int port)
    {
        this.process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<ServiceProcess> Start(string connection)
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
        var process = Process.Start(start)!;
        // Drained, or a chatty child blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, port);
        await TwoInstances.Until(service.IsReady, "the service process never became ready", TimeSpan.FromSeconds(60));
        return service;
    }

    async Task<bool> IsReady()
    {
        Assert.False(process.HasExited, $"the service process exited with {(process.HasExited ? process.ExitCode : 0)}");
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
