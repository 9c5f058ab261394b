namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// A signed webhook's jti, once seen. Inserted, never upserted: the primary key refuses a
/// replay on every instance, not just the one that saw the original.
/// </summary>
public sealed record SeenToken(string Id, DateTimeOffset SeenAt);
