using JasperFx;
using Marten;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>The route table: written inline with the events, guarded by PostgreSQL itself (docs/architecture.md, invariant 1).</summary>
[Trait("Category", "Integration")]
public class RouteTableTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    static PhoneNumber N(string e164) => PhoneNumber.Parse(e164, "GB").RightToSeq().Head();

    [Fact]
    public async Task Routes_appear_with_the_conversation_and_go_when_it_closes()
    {
        var c = await api.Http.CreatedConversation("+447911888001", "+447400888002");
        var id = Guid.Parse(c.Str("id"));
        Assert.Equal(2, await RouteCount(id));
        (await api.Http.DeleteAsync($"/conversations/{id}")).Dispose();
        Assert.Equal(0, await RouteCount(id));
        await using var session = api.Store.QuerySession();
        Assert.Equal(ConversationStatus.Closed, (await session.LoadAsync<Conversation>(id))!.Status);
    }

    [Fact]
    public async Task PostgreSQL_refuses_a_second_active_route_for_the_same_pair()
    {
        var (a, b, c) = (N("+447911888101"), N("+447400888102"), N("+447400888103"));
        var v = N("+447700900500");
        await Open(new Participant(a, v), new Participant(b, v));
        // Another conversation in which a would dial the same v: the (a, v) route already exists.
        await Assert.ThrowsAsync<DocumentAlreadyExistsException>(() => Open(new Participant(a, v), new Participant(c, v)));
    }

    async Task Open(Participant a, Participant b)
    {
        var id = Guid.CreateVersion7();
        await using var session = api.Store.LightweightSession();
        session.Events.StartStream<Conversation>(id,
            new ConversationEvent.Opened(id, a, b, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));
        await session.SaveChangesAsync();
    }

    async Task<int> RouteCount(Guid conversation)
    {
        await using var session = api.Store.QuerySession();
        return await session.Query<ProxyRoute>().CountAsync(r => r.ConversationId == conversation);
    }
}
