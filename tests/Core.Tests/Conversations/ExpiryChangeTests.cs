using VoiceProxy.Core.Conversations;
using static VoiceProxy.Core.Conversations.ConversationCommand;
using static VoiceProxy.Core.Conversations.ConversationEvent;

namespace VoiceProxy.Core.Tests.Conversations;

public class ExpiryChangeTests
{
    static readonly Lifetime Lifetime = new(3600, 86400);

    static (ConversationError? Error, ConversationEvent[] Events, Conversation? After) Change(Conversation c, DateTimeOffset to, DateTimeOffset now)
    {
        var decided = ConversationDecider.Decide(new ChangeExpiry(to, now), c);
        var events = decided.RightToSeq().Flatten().ToArray();
        return (decided.LeftToSeq().FirstOrDefault(), events, events.Aggregate((Conversation?)c, Conversation.Evolve));
    }

    [Fact]
    public void Extending_a_live_conversation_moves_its_expiry_and_its_route()
    {
        var (error, events, after) = Change(Some.Opened(), Some.Epoch.AddHours(5), Some.Epoch.AddMinutes(30));
        Assert.Null(error);
        Assert.Equal(new ExpiryChanged(Some.Epoch.AddHours(1), Some.Epoch.AddHours(5), Some.Epoch.AddMinutes(30)), Assert.Single(events));
        Assert.True(after!.IsLiveAt(Some.Epoch.AddHours(2)));
        Assert.True(Core.Routing.Route.Of(after).IsLiveAt(Some.Epoch.AddHours(2)));
    }

    [Fact]
    public void Shortening_to_now_or_before_ends_it_at_once()
    {
        var now = Some.Epoch.AddMinutes(30);
        var (_, events, after) = Change(Some.Opened(), now.AddMinutes(-1), now);
        Assert.Equal([typeof(ExpiryChanged), typeof(Expired)], events.Select(e => e.GetType()).ToArray());
        Assert.Equal((ConversationStatus.Expired, now), (after!.Status, after.ExpiresAt));
    }

    [Fact]
    public void An_ended_conversation_cannot_be_changed_and_the_same_expiry_changes_nothing()
    {
        var closed = Conversation.Evolve(Some.Opened(), new Closed(Some.Epoch.AddMinutes(1)))!;
        Assert.IsType<ConversationError.Ended>(Change(closed, Some.Epoch.AddHours(5), Some.Epoch.AddMinutes(2)).Error);
        // Past its expiry, even before the sweeper records it.
        Assert.IsType<ConversationError.Ended>(Change(Some.Opened(), Some.Epoch.AddHours(5), Some.Epoch.AddHours(2)).Error);
        Assert.Empty(Change(Some.Opened(), Some.Epoch.AddHours(1), Some.Epoch).Events);
    }

    [Theory]
    [InlineData(null, null, "ttlSeconds")]
    [InlineData(60, "2026-01-01T02:00:00Z", "expiresAt")]
    [InlineData(-1, null, "ttlSeconds")]
    [InlineData(86401, null, "ttlSeconds")]
    [InlineData(null, "2026-01-03T00:00:00Z", "expiresAt")]
    public void A_wrong_request_names_its_field(int? ttl, string? at, string field) =>
        Assert.Equal(field, Assert.Single(ExpiryChange.Validate(ttl, at is null ? null : DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
            Some.Epoch, Lifetime).FailToSeq()).Field);

    [Fact]
    public void Seconds_count_from_now_and_an_instant_is_taken_as_given()
    {
        Assert.Equal(Some.Epoch.AddSeconds(90), ExpiryChange.Validate(90, null, Some.Epoch, Lifetime).SuccessToSeq().Single());
        Assert.Equal(Some.Epoch.AddHours(3), ExpiryChange.Validate(null, Some.Epoch.AddHours(3), Some.Epoch, Lifetime).SuccessToSeq().Single());
    }
}
