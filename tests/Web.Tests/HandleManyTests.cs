using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Core;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// <see cref="ConversationStore.HandleMany"/>: several conversations' commands in one transaction
/// (the set-up texts go this way), each decided on its own state, and, when one of them lost a
/// race, each handled alone: the same answers, nothing lost, nothing doubled.
/// </summary>
[Trait("Category", "Integration")]
public class HandleManyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    ConversationStore Store => api.App.Services.GetRequiredService<ConversationStore>();

    async Task<Guid> Opened(int n)
    {
        var created = await api.Http.CreatedConversation($"+4474006{n:D5}", $"+4474007{n:D5}");
        await api.Http.Texted(created.Str("id")); // no other writer on the stream from here on
        return Guid.Parse(created.Str("id"));
    }

    static ConversationCommand.RecordRelay Relay(string messageId) =>
        new ConversationCommand.RecordRelay(Side.A, messageId, "hello", DateTimeOffset.UtcNow);

    async Task<List<string>> Relayed(Guid id)
    {
        await using var query = api.Store.QuerySession();
        return (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ConversationEvent.MessageRelayed>()
            .Select(r => r.MessageId).ToList();
    }

    [Fact]
    public async Task Each_conversation_is_decided_on_its_own_and_a_refused_one_appends_nothing()
    {
        var (open, closed) = (await Opened(1), await Opened(2));
        var now = DateTimeOffset.UtcNow;
        await Store.Handle(closed, new ConversationCommand.Close(now), CancellationToken.None);

        var answers = await Store.HandleMany(
        [
            (open, Seq<ConversationCommand>(Relay("m-1"), new ConversationCommand.ChangeExpiry(now.AddHours(2), now))),
            (closed, Seq1<ConversationCommand>(new ConversationCommand.ChangeExpiry(now.AddHours(2), now))),
        ], CancellationToken.None);

        Assert.Equal(now.AddHours(2), answers[0].RightToSeq().Single().ExpiresAt);
        Assert.IsType<ConversationError.Ended>(answers[1].LeftToSeq().Single());
        Assert.Equal(["m-1"], await Relayed(open));
        await using var query = api.Store.QuerySession();
        Assert.DoesNotContain(await query.Events.FetchStreamAsync(closed), e => e.Data is ConversationEvent.ExpiryChanged);
        Assert.Equal(now.AddHours(2), (await Store.Read(open, CancellationToken.None))!.ExpiresAt);
    }

    [Fact]
    public async Task Racing_writers_lose_nothing_and_double_nothing()
    {
        var ids = new[] { await Opened(11), await Opened(12), await Opened(13) };
        const int Rounds = 30;
        for (var round = 0; round < Rounds; round++)
        {
            var r = round;
            // A batch over all three, while single writers append to two of them at the same
            // moment: one its own message, one the batch's very message (Vonage resends a text:
            // it is recorded once).
            await Task.WhenAll(
                Task.Run(() => Store.HandleMany(ids.Select(id => (id, Seq1<ConversationCommand>(Relay($"batch-{r}-{id}")))).ToList(), CancellationToken.None)),
                Task.Run(() => Store.Handle(ids[r % 3], Relay($"single-{r}"), CancellationToken.None)),
                Task.Run(() => Store.Handle(ids[(r + 1) % 3], Relay($"batch-{r}-{ids[(r + 1) % 3]}"), CancellationToken.None)));
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var expected = Enumerable.Range(0, Rounds).Select(r => $"batch-{r}-{ids[i]}")
                .Concat(Enumerable.Range(0, Rounds).Where(r => r % 3 == i).Select(r => $"single-{r}"));
            var relayed = await Relayed(ids[i]);
            Assert.Equal(expected.Order(), relayed.Order());
        }
    }
}
