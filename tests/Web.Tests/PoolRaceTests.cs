using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// No race gives a 500: requests that collide, sent at once through two instances, each get a
/// 201 or a 409 ProblemDetails, and the database keeps its rules (one route, one conversation;
/// a number joins the pool once; the pool never passes its maximum).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PoolRaceTests
{
    const int N = 20;

    static async Task<(TwoInstances Apps, Func<int, HttpClient> Client)> Start(Dictionary<string, string?>? settings = null)
    {
        var apps = await TwoInstances.Start(settings);
        return (apps, i => i % 2 == 0 ? apps.One : apps.Two);
    }

    static void AssertOnly(IEnumerable<HttpStatusCode> statuses, params HttpStatusCode[] allowed)
    {
        var seen = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(seen.Keys.All(allowed.Contains), string.Join(", ", seen.Select(s => $"{s.Value} × {(int)s.Key}")));
    }

    [Fact]
    public async Task A_pair_who_talked_before_created_twenty_times_at_once()
    {
        var (apps, client) = await Start();
        await using var _ = apps;
        var before = await apps.One.CreatedConversation("+447400610001", "+447400610002");
        (await apps.One.DeleteAsync($"/conversations/{before.Str("id")}")).Dispose();

        var answers = await Task.WhenAll(Enumerable.Range(0, N).Select(i =>
            client(i).CreateConversation(new { userA = "+447400610001", userB = "+447400610002" })));

        AssertOnly(answers.Select(a => a.Status), HttpStatusCode.Created, HttpStatusCode.Conflict);
        await using var session = apps.First.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var dials = await session.Query<ProxyRoute>().Where(r => r.Caller == "+447400610001").Select(r => r.Dialed).ToListAsync();
        Assert.Equal(answers.Count(a => a.Status == HttpStatusCode.Created), dials.Count);
        Assert.Equal(dials.Count, dials.Distinct().Count());
    }

    [Fact]
    public async Task Provisioning_at_once_never_rents_a_number_twice()
    {
        var (apps, client) = await Start();
        await using var _ = apps;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await client(i).PostAsJsonAsync("/numbers/provision", new { country = "GB", count = 1 });
            return response.StatusCode;
        }));

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.Created, s));
        var pool = await apps.One.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/numbers");
        Assert.Equal(106, pool!.Length);
    }

    [Fact]
    public async Task The_pool_never_passes_its_maximum_under_concurrent_adds()
    {
        var (apps, client) = await Start(new Dictionary<string, string?> { ["VoiceProxy:Pool:MaxSize"] = "105" });
        await using var _ = apps;

        var answers = await Task.WhenAll(Enumerable.Range(0, N).Select(async i =>
        {
            var number = "+4477009002" + i.ToString("D2", CultureInfo.InvariantCulture);
            using var response = await client(i).PostAsJsonAsync("/numbers", new { number });
            return response.StatusCode;
        }));

        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(N - 5, answers.Count(s => s == HttpStatusCode.Conflict));
        var pool = await apps.One.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/numbers");
        Assert.Equal(105, pool!.Length);
    }
}
