using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Core.Conversations;

/// <summary>
/// A person in a conversation: their real number, and the virtual number that stands in for
/// them (the other participant dials it, and sees it as caller ID).
/// </summary>
public sealed record Participant(PhoneNumber Number, PhoneNumber VirtualNumber);

/// <summary>Which participant of a conversation.</summary>
public enum Side { A, B }

/// <summary>The participants' names in the REST API, its callbacks and its errors: userA and userB.</summary>
public static class Role
{
    public static string Of(Side side) => side == Side.A ? "userA" : "userB";

    /// <summary>The side a name stands for; none for anything but userA or userB.</summary>
    public static Side? Parse(string? name) => name switch
    {
        "userA" => Side.A,
        "userB" => Side.B,
        _ => null,
    };
}
