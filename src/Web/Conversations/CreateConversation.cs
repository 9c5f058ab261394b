using LanguageExt;
using JasperFx;
using Microsoft.Extensions.Options;
using VoiceProxy.Core;
using VoiceProxy.Core.Allocation;
using VoiceProxy.Core.Conversations;
using VoiceProxy.Web.Hosting;
using VoiceProxy.Web.Persistence;
using VoiceProxy.Web.Vonage;
using static LanguageExt.Prelude;

namespace VoiceProxy.Web.Conversations;

public sealed record CreateConversationRequest(string? UserA, string? UserB);

/// <summary>
/// The create workflow, an impureim sandwich: read the pool and the participants' routes,
/// let the core validate, allocate and decide, append; then text both participants.
/// </summary>
public sealed class CreateConversation(
    NumberPool pool,
    RouteLookup routes,
    ConversationStore store,
    ISmsSender sms,
    TimeProvider clock,
    IOptions<VoiceProxyOptions> options,
    ILogger<CreateConversation> log)
{
    // Each retry reloads the routes another instance just took, so a few are plenty.
    const int AllocationAttempts = 5;
    readonly VoiceProxyOptions settings = options.Value;

    public async Task<Either<ConversationError, Conversation>> Run(
        CreateConversationRequest request, CancellationToken ct)
    {
        var snapshot = await pool.Load(ct);
        var validated = NewConversation.Validate(
            request.UserA, request.UserB, settings.DefaultCountry, snapshot.All);
        var started = await validated.Match(
            Succ: pair => Open(pair, snapshot, ct),
            Fail: errors => Task.FromResult<Either<ConversationError, Conversation>>(
                new ConversationError.Invalid(errors)));
        return await started.MatchAsync(
            RightAsync: async c => Right<ConversationError, Conversation>(await Notify(c, ct)),
            Left: e => Left<ConversationError, Conversation>(e));
    }

    async Task<Either<ConversationError, Conversation>> Open(
        NewConversation pair, PoolSnapshot snapshot, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= AllocationAttempts; attempt++)
        {
            var dialed = await routes.DialedBy(Seq(pair.A, pair.B), ct);
            var allocation = Allocator.Choose(snapshot.Assignable,
                new ParticipantLoad(pair.A, dialed[pair.A]), new ParticipantLoad(pair.B, dialed[pair.B]));
            if (allocation.IsLeft) return allocation.Map(_ => default(Conversation)!);
            try
            {
                return await store.Start(OpenCommand(pair, allocation.RightToSeq().Head()), ct);
            }
            catch (DocumentAlreadyExistsException)
            {
                log.LogInformation("Route taken concurrently for {A} / {B}; allocating again (attempt {Attempt})",
                    pair.A.Masked, pair.B.Masked, attempt);
            }
        }
        return new ConversationError.Contended(pair.A, pair.B);
    }

    ConversationCommand.Open OpenCommand(NewConversation pair, Allocation allocation)
    {
        var now = clock.GetUtcNow();
        return new ConversationCommand.Open(Guid.CreateVersion7(),
            new Participant(pair.A, allocation.ForA), new Participant(pair.B, allocation.ForB),
            now, now.AddSeconds(settings.DefaultTtlSeconds));
    }

    // Failures are recorded, not thrown: the conversation exists and routes either way.
    async Task<Conversation> Notify(Conversation conversation, CancellationToken ct)
    {
        var state = conversation;
        foreach (var note in Notification.For(conversation, settings.Messages.Sms))
        {
            var sent = await sms.Send(note.From, note.To, note.Text, ct);
            var record = sent.Match<ConversationCommand>(
                Right: r => new ConversationCommand.RecordNotified(note.Recipient, r.MessageId, clock.GetUtcNow()),
                Left: f => new ConversationCommand.RecordNotificationFailed(note.Recipient, f.Reason, clock.GetUtcNow()));
            var handled = await store.Handle(conversation.Id, record, ct);
            state = handled.IfLeft(state);
        }
        return state;
    }
}
