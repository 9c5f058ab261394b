namespace VoiceProxy.Web.Persistence;

/// <summary>
/// A route whose conversation has ended, keyed like <see cref="ProxyRoute"/>, pointing at the
/// latest conversation that ended on it: a participant calling an old number hears "this
/// conversation has ended" rather than "not in service". Not unique-guarded: it never routes.
/// </summary>
public sealed record EndedRoute(string Id, Guid ConversationId);
