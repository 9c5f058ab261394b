using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// docs/architecture.md, invariant 1, under concurrency: two instances sharing one database, 50 simultaneous creations
/// that all involve one participant. Only PostgreSQL's route key stands between them.
/// </summary>
[Trait("Category", "Integration")]
public class ParallelCreationTests
{
    const string Hub = "+447400700000";
    static readonly string[] Counterparts = Enumerable.Range(1, 50).Select(i => $"+4474007001{i:00}").ToArray();

    [Theory]
    [InlineData(50, 50)]
    [InlineData(10, 10)]
    public async Task Fifty_parallel_creations_through_two_instances(int poolSize, int expectedCreated)
    {
        var database = await TestPostgres.CreateDatabase();
        var settings = new Dictionary<string, string?> { ["VoiceProxy:Sandbox:PoolSize"] = poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var first = new VoiceProxyApp(database, settings);
        await using var second = new VoiceProxyApp(database, settings);
        first.StartServer();
        second.StartServer();
        using var one = first.CreateClient();
        using var two = second.CreateClient();

        var answers = await Task.WhenAll(Counterparts.Select((other, i) =>
            (i % 2 == 0 ? one : two).CreateConversation(new { userA = Hub, userB = other })));

        var seen = string.Join("; ", answers.GroupBy(a => (a.Status, a.Status == HttpStatusCode.Created ? "" : a.Body.GetProperty("title").GetString()))
            .Select(g => $"{g.Count()} × {(int)g.Key.Status} {g.Key.Item2}"));
        Assert.True(expectedCreated == answers.Count(a => a.Status == HttpStatusCode.Created), seen);
        Assert.True(50 - expectedCreated == answers.Count(a => a.Status == HttpStatusCode.Conflict), seen);
        await using var session = first.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var hubDials = await session.Query<ProxyRoute>().Where(r => r.Caller == Hub).Select(r => r.Dialed).ToListAsync();
        Assert.Equal(expectedCreated, hubDials.Count);
        Assert.Equal(hubDials.Count, hubDials.Distinct().Count());
    }
}
