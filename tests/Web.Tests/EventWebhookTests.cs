using System.Net;
using System.Text;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Tests.Infrastructure;
using static VoiceProxy.Web.Tests.Infrastructure.Api;

namespace VoiceProxy.Web.Tests;

[Trait("Category", "Integration")]
public class EventWebhookTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Both_legs_events_land_on_the_conversations_stream()
    {
        var c = await api.Http.CreatedConversation("+447911777001", "+447400777002");
        var (a, b) = (Digits(c.Str("userA", "number")), Digits(c.Str("userB", "number")));
        var (va, vb) = (Digits(c.Str("userA", "virtualNumber")), Digits(c.Str("userB", "virtualNumber")));

        // Inbound leg: Alice → Bob's virtual number (POST JSON, Vonage's default for events).
        Assert.Equal(HttpStatusCode.NoContent, await PostEvent(
            $$"""{"uuid":"in-1","status":"answered","from":"{{a}}","to":"{{vb}}","direction":"inbound","conversation_uuid":"CON-9","timestamp":"2026-11-23T10:00:00.000Z"}"""));
        // Outbound leg: Alice's virtual number → Bob, as a GET.
        using var get = await api.Http.GetAsync(
            $"/webhooks/event?uuid=out-1&status=completed&from={va}&to={b}&direction=outbound&duration=42");
        Assert.Equal(HttpStatusCode.NoContent, get.StatusCode);

        var calls = await RecordedCalls(Guid.Parse(c.Str("id")));
        Assert.Equal([("in-1", "answered", (int?)null), ("out-1", "completed", 42)],
            calls.Select(x => (x.Uuid, x.Status.Value, x.DurationSeconds)));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), calls[0].Timestamp);
    }

    [Theory]
    [InlineData("""{"uuid":"x","status":"started","from":"447911000000","to":"447700900042"}""")]
    [InlineData("""{"status":"started"}""")]
    [InlineData("""{"recording_url":"https://example.com/r"}""")]
    public async Task Events_for_no_known_call_are_accepted_and_dropped(string body) =>
        Assert.Equal(HttpStatusCode.NoContent, await PostEvent(body));

    async Task<HttpStatusCode> PostEvent(string json)
    {
        using var response = await api.Http.PostAsync("/webhooks/event", new StringContent(json, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    async Task<List<CallEvent>> RecordedCalls(Guid conversation)
    {
        await using var session = api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(conversation);
        return events.Select(e => e.Data).OfType<ConversationEvent.CallEventRecorded>().Select(r => r.Call).ToList();
    }
}
