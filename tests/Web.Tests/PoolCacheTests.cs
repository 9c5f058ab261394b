using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.TwoInstances;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Creation allocates from a pool kept in memory; a pool change on one instance must reach every
/// instance's copy within a bound (NOTIFY at commit), and an instance's own change must count
/// from its very next creation.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PoolCacheTests : IAsyncLifetime
{
    static readonly string[] Pool = ["+447700900000", "+447700900001", "+447700900002"];
    TwoInstances apps = null!;

    public async Task InitializeAsync() =>
        apps = await TwoInstances.Start(new Dictionary<string, string?> { ["VoiceProxy:Sandbox:PoolSize"] = "3" });

    static PoolCache Cache(VoiceProxyApp app) => app.Services.GetRequiredService<PoolCache>();

    [Fact]
    public async Task A_number_reserved_on_one_instance_is_no_longer_assigned_by_the_other()
    {
        await apps.One.CreatedConversation("+447400670001", "+447400670002");
        Assert.NotNull(Cache(apps.First).Current); // the first instance now allocates from memory

        await Reserve(apps.Two, Pool[0], Pool[1]);
        await Until(() => Cache(apps.First).Current is null, "the first instance kept its copy of a changed pool");

        for (var i = 0; i < 5; i++)
        {
            var c = await apps.One.CreatedConversation($"+4474006701{i}1", $"+4474006701{i}2");
            Assert.Equal(Pool[2], c.Str("userA", "virtualNumber"));
            Assert.Equal(Pool[2], c.Str("userB", "virtualNumber"));
        }
    }

    [Fact]
    public async Task An_instance_allocates_from_its_own_change_at_once()
    {
        // Without the trigger no notification comes: only the instance's own bookkeeping can
        // make its next creation see the change (a notification would usually win the race).
        await using (var db = new NpgsqlConnection(apps.Database))
        {
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand("drop trigger pool_changed on voice_proxy.mt_doc_poolnumber", db);
            await drop.ExecuteNonQueryAsync();
        }
        await apps.Two.CreatedConversation("+447400670201", "+447400670202");
        Assert.NotNull(Cache(apps.Second).Current);

        await Reserve(apps.Two, Pool[1], Pool[2]);
        Assert.Null(Cache(apps.Second).Current);
        var c = await apps.Two.CreatedConversation("+447400670211", "+447400670212");
        Assert.Equal(Pool[0], c.Str("userA", "virtualNumber"));
    }

    static async Task Reserve(HttpClient http, params string[] numbers)
    {
        foreach (var n in numbers)
        {
            using var response = await http.PatchAsJsonAsync($"/numbers/{Uri.EscapeDataString(n)}", new { reserved = true });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public async Task DisposeAsync() => await apps.DisposeAsync();
}
