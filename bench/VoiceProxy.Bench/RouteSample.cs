using Npgsql;
using VoiceProxy.Web.Infrastructure.Persistence;

namespace VoiceProxy.Bench;

/// <summary>Writes a random sample of live routes as "from to" lines, for wrk and the rate test.</summary>
public static class RouteSample
{
    public static async Task<int> Run(string connection, int count, string file)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select id from {MartenSetup.Schema}.mt_doc_proxyroute order by random() limit {count}", db);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0).Replace(':', ' '));
        await File.WriteAllLinesAsync(file, lines);
        Console.WriteLine($$"""{"routes":{{lines.Count}}}""");
        return 0;
    }
}
