using LanguageExt;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.Conversations;

/// <summary>What a conversation carries between its participants: calls, text messages, or both.</summary>
[Flags]
public enum Channels : byte
{
    None = 0,
    Voice = 1,
    Messages = 2,
}

/// <summary>The request's <c>mode</c>: voice (the default), message, or voice-and-message.</summary>
public static class Mode
{
    public static Validation<InputError, Channels> Parse(string? mode) =>
        mode switch
        {
            null or "voice" => Success<InputError, Channels>(Channels.Voice),
            "message" => Success<InputError, Channels>(Channels.Messages),
            "voice-and-message" => Success<InputError, Channels>(Channels.Voice | Channels.Messages),
            _ => Fail<InputError, Channels>(new InputError("mode", "must be voice, message or voice-and-message")),
        };

    public static string Name(Channels channels) =>
        channels switch
        {
            Channels.Messages => "message",
            Channels.Voice | Channels.Messages => "voice-and-message",
            _ => "voice",
        };
}
