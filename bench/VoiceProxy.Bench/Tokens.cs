using System.Text;
using VoiceProxy.Web.Features.Sandbox;

namespace VoiceProxy.Bench;

/// <summary>
/// Signed answer webhooks made ahead of time for wrk (bench/answer-signed.lua): one line each,
/// "token TAB body", with a fresh jti and the body's own payload hash, for random routes. Made
/// just before the run, so every iat is inside the service's signature window (300 s).
/// </summary>
public static class Tokens
{
    public static async Task<int> Run(string routesFile, int count, string secret, string output)
    {
        var routes = (await File.ReadAllLinesAsync(routesFile)).Select(l => l.Split(' ')).ToArray();
        await using var file = new StreamWriter(output, append: false, new UTF8Encoding(false));
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var body = SignedRequests.Body(routes[Random.Shared.Next(routes.Length)]);
            await file.WriteLineAsync($"{VonageSigner.Token(Encoding.UTF8.GetBytes(body), secret, now)}\t{body}");
        }
        return 0;
    }
}
