namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// `dotnet VoiceProxy.Web.dll --healthcheck`: asks the running service whether it is ready, for
/// container health checks (the ASP.NET runtime image has no curl or wget).
/// </summary>
public static class HealthProbe
{
    public static bool Requested(string[] args) => args.Contains("--healthcheck");

    public static async Task<int> Run()
    {
        var url = Environment.GetEnvironmentVariable("HEALTHCHECK_URL") ?? "http://localhost:8080/health/ready";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await http.GetAsync(url)).IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
