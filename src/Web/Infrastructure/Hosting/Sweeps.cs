namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>How the background sweeps run: a batch at a time, on an interval, never stopped by one failure.</summary>
public static class Sweeps
{
    /// <summary>
    /// Every <paramref name="interval"/>, sweeps until a sweep finds less than a full batch; a
    /// failure (the database out of reach) is reported and the next interval tries again.
    /// </summary>
    public static async Task Every(TimeSpan interval, int batch, Func<CancellationToken, Task<int>> sweepOnce,
        Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await sweepOnce(stoppingToken) == batch) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failed(e);
            }
        }
    }
}
