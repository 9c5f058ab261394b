using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>What creating a conversation does next, after an allocation or an attempt to open it.</summary>
public abstract record CreationStep
{
    private CreationStep() { }

    /// <summary>Open the conversation with these virtual numbers.</summary>
    public sealed record Open(Allocation.Allocation Numbers) : CreationStep;

    /// <summary>Rent one number local to the participant who has none free, then allocate again.</summary>
    public sealed record Provision(PhoneNumber For) : CreationStep;

    /// <summary>Allocate again: another creation took a chosen route first.</summary>
    public sealed record Retry : CreationStep;

    /// <summary>Done: the conversation, or why not.</summary>
    public sealed record Done(Either<ConversationError, Conversation> Result) : CreationStep;
}

/// <summary>
/// Creation's policy, the pure steps between its reads and writes (docs/architecture.md, "Create"):
/// the provider's verdict on the numbers, provisioning at most once, and retrying a lost race a
/// bounded number of times.
/// </summary>
public static class Creation
{
    /// <summary>
    /// The pair as the provider normalised it. The provider refusing a number is the caller's input
    /// error, named by field; any other failure is the provider's, reported as such.
    /// </summary>
    public static Either<ConversationError, NewConversation> Checked(NewConversation pair,
        Either<ProviderFailure, PhoneNumber> a, Either<ProviderFailure, PhoneNumber> b)
    {
        var refused = Seq(("userA", a), ("userB", b))
            .Filter(x => x.Item2.LeftToSeq().Exists(f => f.RefusedRequest))
            .Map(x => new InputError(x.Item1, "is not a number the provider can read"));
        if (!refused.IsEmpty) return new ConversationError.Invalid(refused);
        return from na in a.MapLeft(Failed)
               from nb in b.MapLeft(Failed)
               select pair.WithNumbers(na, nb);
    }

    /// <summary>One participant's number as the provider normalised it (a newcomer's, on replacement).</summary>
    public static Either<ConversationError, PhoneNumber> Checked(string field, Either<ProviderFailure, PhoneNumber> number) =>
        number.LeftToSeq().Exists(f => f.RefusedRequest)
            ? new ConversationError.Invalid(Seq1(new InputError(field, "is not a number the provider can read")))
            : number.MapLeft(Failed);

    /// <summary>After choosing numbers: open; or, when someone has none free, rent one once; or stop.</summary>
    public static CreationStep AfterAllocation(Either<ConversationError, Allocation.Allocation> chosen, bool mayProvision) =>
        chosen.Match<CreationStep>(
            Right: numbers => new CreationStep.Open(numbers),
            Left: e => e is ConversationError.NoFreeNumber full && mayProvision
                ? new CreationStep.Provision(full.Participant)
                : new CreationStep.Done(e));

    /// <summary>
    /// After an attempt to open: PostgreSQL's unique route key refused a route another creation
    /// took first (Contended), so allocate again, until <paramref name="attempts"/> are spent.
    /// </summary>
    public static CreationStep AfterOpen(Either<ConversationError, Conversation> opened, int attempt, int attempts) =>
        opened.IsLeft && opened.LeftToSeq().Head() is ConversationError.Contended && attempt < attempts
            ? new CreationStep.Retry()
            : new CreationStep.Done(opened);

    static ConversationError Failed(ProviderFailure f) => new ConversationError.ProviderFailed(f);
}
