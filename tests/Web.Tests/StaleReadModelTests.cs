using Marten;
using Microsoft.Extensions.DependencyInjection;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Features.Conversations;
using VoiceProxy.Web.Infrastructure.Persistence;
using VoiceProxy.Web.Tests.Infrastructure;

namespace VoiceProxy.Web.Tests;

/// <summary>
/// Decisions with side effects are made from the event stream, not the read model: a document
/// written by an older version (before texts had a status, every text read "pending") must not
/// get anyone texted again when the delivery meets that conversation once more.
/// </summary>
[Trait("Category", "Integration")]
public class StaleReadModelTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_stale_document_that_says_pending_does_not_text_a_participant_again()
    {
        var id = Guid.Parse((await api.Http.CreatedConversation("+447911129001", "+447400129001")).Str("id"));
        await api.Http.Texted(id.ToString());
        await using (var session = api.Store.LightweightSession())
        {
            var stored = (await session.LoadAsync<Conversation>(id))!;
            session.Store(stored with { TextToA = TextOutcome.Pending, TextToB = TextOutcome.Pending });
            await session.SaveChangesAsync();
        }

        await api.App.Services.GetRequiredService<TextDelivery>().Deliver([id], Core.Conversations.TextTurn.First, CancellationToken.None);

        await using var query = api.Store.QuerySession();
        Assert.Equal(2, await query.Query<SandboxMessage>().CountAsync(m => m.Reference!.StartsWith(id.ToString("N"))));
    }
}
