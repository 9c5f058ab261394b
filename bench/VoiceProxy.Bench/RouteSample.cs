using Npgsql;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Bench;

/// <summary>Writes a random sample of live routes as "from to" lines, for wrk and the rate test; count 0: every one.</summary>
public static class RouteSample
{
    public static async Task<int> Run(string connection, int count, string file)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            count == 0
                ? $"select id from {MartenSetup.Schema}.mt_doc_proxyroute"
                : $"select id from {MartenSetup.Schema}.mt_doc_proxyroute order by random() limit {count}", db);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0).Replace(':', ' '));
        await File.WriteAllLinesAsync(file, lines);
        Console.WriteLine($$"""{"routes":{{lines.Count}}}""");
        return 0;
    }
}
