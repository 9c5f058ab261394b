using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// A person in a conversation: their real number, and the virtual number that stands in for
/// them (the other participant dials it, and sees it as caller ID).
/// </summary>
public sealed record Participant(PhoneNumber Number, PhoneNumber VirtualNumber);

/// <summary>Which participant of a conversation.</summary>
public enum Side { A, B }
