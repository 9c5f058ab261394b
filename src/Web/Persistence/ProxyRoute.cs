using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Persistence;

/// <summary>
/// A row of the route table: an active conversation answers calls from <see cref="Caller"/>
/// to <see cref="Dialed"/>. Its id is the pair itself, and rows are only ever inserted, so
/// PostgreSQL's primary key refuses a second active route for the pair (invariant 1).
/// </summary>
public sealed record ProxyRoute(string Id, Guid ConversationId, string Caller, string Dialed)
{
    public static string Key(PhoneNumber caller, PhoneNumber dialed) => $"{caller.Digits}:{dialed.Digits}";

    public static ProxyRoute For(Guid conversationId, PhoneNumber caller, PhoneNumber dialed) =>
        new(Key(caller, dialed), conversationId, caller.E164, dialed.E164);
}
