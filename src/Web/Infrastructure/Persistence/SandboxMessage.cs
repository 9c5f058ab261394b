namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>An SMS the sandbox "sent": kept in the database so every instance sees the outbox.</summary>
public sealed record SandboxMessage(Guid Id, string From, string To, string Text, DateTimeOffset SentAt,
    string? Reference = null);
