using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Once DELETE /conversations/{id} has answered, the instance that closed it never connects a
/// call of that conversation again (docs/architecture.md, "Close means closed"). The route is in
/// the instance's cache when the close arrives, and calls keep arriving throughout.
/// </summary>
[Trait("Category", "Integration")]
public class CloseMeansClosedTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    const int Trials = 100;
    const int Callers = 4;

    RouteCache Cache => api.App.Services.GetRequiredService<RouteCache>();


    [Fact]
    public async Task No_call_placed_after_the_close_answered_is_connected()
    {
        var late = new List<string>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var created = await api.Http.CreatedConversation($"+4474009{trial:D5}", $"+4474008{trial:D5}");
            var (a, vb) = (Digits(created.Str("userA", "number")), Digits(created.Str("userB", "virtualNumber")));
            Assert.Equal("connect", (await api.Http.Answer(a, vb))[1].Str("action"));
            Assert.True(Cache.TryGet(RouteKeyOf(a, vb), out _), "the route should now be answered from memory");

            var clock = Stopwatch.StartNew();
            long closedAt = long.MaxValue;
            using var stop = new CancellationTokenSource();
            // Several callers at once keep both cores busy, as a loaded instance is: that is when
            // the notification of the close is slowest to arrive.
            var calls = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
            {
                var connectedAfterClose = new List<long>();
                while (!stop.IsCancellationRequested)
                {
                    var placed = clock.ElapsedTicks;
                    var ncco = await api.Http.Answer(a, vb);
                    if (ncco[ncco.GetArrayLength() - 1].Str("action") == "connect" && placed > Interlocked.Read(ref closedAt))
                        connectedAfterClose.Add(placed);
                }
                return connectedAfterClose;
            })).ToList();
            await Task.Delay(Random.Shared.Next(0, 5));
            using (var closed = await api.Http.DeleteAsync($"/conversations/{created.Str("id")}"))
            {
                Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
                Interlocked.Exchange(ref closedAt, clock.ElapsedTicks);
            }
            if (Cache.TryGet(RouteKeyOf(a, vb), out _)) late.Add($"trial {trial}: the route still cached after the close answered");
            // The call the participant places at once, as the README walkthrough does.
            if ((await api.Http.Answer(a, vb)).GetRawText() != Ended) late.Add($"trial {trial}: the call right after the close");
            await Task.Delay(20);
            await stop.CancelAsync();
            late.AddRange((await Task.WhenAll(calls)).SelectMany(c => c).Select(t => $"trial {trial}: a call placed {(t - closedAt) * 1000.0 / Stopwatch.Frequency:F2} ms after the close"));
        }
        Assert.Empty(late);
    }
}
