namespace VoiceProxy.Bench;

/// <summary>
/// The ceiling: bare Kestrel answering every request with one constant NCCO, no routing, no
/// database. Same machine, same load generator: the service's throughput is reported against it.
/// </summary>
public static class Ceiling
{
    static readonly byte[] Ncco = """[{"action":"talk","text":"Please wait while we connect your call."},{"action":"connect","from":"447700900001","endpoint":[{"type":"phone","number":"447400123456"}]}]"""u8.ToArray();

    public static async Task<int> Run(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/webhooks/answer", () => Results.Bytes(Ncco, "application/json"));
        // The signed benchmark POSTs, as Vonage does with signed webhooks: the same constant answer.
        app.MapPost("/webhooks/answer", () => Results.Bytes(Ncco, "application/json"));
        await app.RunAsync();
        return 0;
    }
}
