using LanguageExt;
using Microsoft.Extensions.Options;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Core.Numbers;
using VoiceProxy.Core.Routing;
using VoiceProxy.Web.Infrastructure;
using VoiceProxy.Web.Infrastructure.Hosting;
using VoiceProxy.Web.Infrastructure.Persistence;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Features.Webhooks;

/// <summary>
/// The out-of-session callback's "open": a conversation between a stranger and the counterpart
/// the backend named, in which the number the stranger dialed stands for the counterpart
/// (<see cref="OutOfSession.Opening"/>). The counterpart is validated as any participant (the
/// backend's word is not enough to make a pool number or a fictional one a person); the stranger's
/// stand-in is chosen by the allocator; the route rows' unique key still guards invariant 1, and
/// a lost race is tried again a few times. Both are texted as for any new conversation. The only
/// write an answer webhook makes besides the replay guard, and only for a stranger the backend
/// asked us to connect; it runs inside the webhook's database deadline. A singleton that opens a
/// session only when it runs: the answer webhook depends on it, and must not pay for a session per call.
/// </summary>
public sealed class OpenForStranger(
    Marten.IDocumentStore documents, PoolCache poolCache, ConversationStore store, TimeProvider clock,
    IOptions<VoiceProxyOptions> options, IOptions<PoolOptions> poolOptions, ILogger<OpenForStranger> log)
{
    const int Attempts = 3;

    public async Task<Option<Route>> Run(PhoneNumber stranger, PhoneNumber dialed, PhoneNumber counterpart, Channels channels,
        CancellationToken ct)
    {
        var settings = options.Value;
        await using var session = documents.QuerySession();
        var pool = new NumberPool(session, poolCache);
        var snapshot = await pool.Load(ct);
        var valid = NewConversation.Participant("counterpart", counterpart.E164, settings.DefaultCountry, snapshot.All);
        if (valid.IsFail || snapshot.All.Contains(stranger)) return Refused("the counterpart or the caller cannot be a participant");
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var standing = await pool.Standing(stranger, counterpart, ct);
            // The stranger dials the number they dialed: it must not be one they already dial (they don't: they are out of session).
            if (standing.A.Dials.Contains(dialed)) return Refused("the caller already dials that number");
            var previous = standing.History.Bind(h => h.StoodFor.Find(stranger));
            var standIn = Allocator.StandIn(snapshot.Callable, dialer: standing.B, previous,
                new AllocationPolicy(poolOptions.Value.RequireLocal), Random.Shared.Next());
            if (standIn.IsLeft) return Refused("no virtual number is free for the caller");
            var open = OutOfSession.Opening(Guid.CreateVersion7(), stranger, dialed, counterpart, standIn.RightToSeq().Head(),
                clock.GetUtcNow(), settings.DefaultTtlSeconds, channels);
            if (open.IsNone) return Refused("the caller is the counterpart");
            var opened = await store.Start(open.Head(), null, false, ct);
            if (opened.IsRight) return Route.Of(opened.RightToSeq().Head());
            if (opened.LeftToSeq().Head() is not Core.ConversationError.Contended) break;
        }
        return Refused("concurrent creations took the numbers");
    }

    Option<Route> Refused(string why)
    {
        log.OutOfSessionNotOpened(why);
        return None;
    }
}
