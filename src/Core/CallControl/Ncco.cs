using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.CallControl;

/// <summary>A Nexmo Call Control Object: the actions Vonage runs, in order.</summary>
public sealed record Ncco(Seq<NccoAction> Actions)
{
    /// <summary>Say <paramref name="greeting"/>, then connect showing <paramref name="callerId"/>.</summary>
    /// <param name="language">The greeting's language (BCP-47), so the voice matches the words; none: Vonage's default.</param>
    public static Ncco Connect(string greeting, PhoneNumber callerId, PhoneNumber destination, ConnectOptions options,
        string? language = null) =>
        new(Seq<NccoAction>(
            new NccoAction.Talk(greeting, language),
            new NccoAction.Connect(callerId.Digits, new PhoneEndpoint(destination.Digits), options)));

    /// <summary>Only speech: no number of anyone is in it.</summary>
    public static Ncco Say(string text, string? language = null) => new(Seq1<NccoAction>(new NccoAction.Talk(text, language)));
}

/// <summary>The NCCO actions we use, named and shaped as in Vonage's NCCO reference.</summary>
public abstract record NccoAction
{
    private NccoAction() { }

    /// <summary>talk: text to speech (at most 1500 characters), in <c>Language</c> when set.</summary>
    public sealed record Talk(string Text, string? Language = null) : NccoAction;

    /// <summary>connect: <c>From</c> is our virtual number, digits only, as caller ID.</summary>
    public sealed record Connect(string From, PhoneEndpoint Endpoint, ConnectOptions Options) : NccoAction;
}

/// <summary>A phone endpoint of a connect; the number is digits only (E.164 without '+').</summary>
public sealed record PhoneEndpoint(string Number);

/// <summary>
/// How a connect behaves. <c>Limit</c> caps the call's length in seconds (Vonage allows at most
/// 7200); <c>Timeout</c> is how long to ring; with <c>EventUrl</c> and synchronous events, Vonage
/// asks that URL for a new NCCO when the callee is busy or does not answer.
/// </summary>
public sealed record ConnectOptions(int? Limit, int? Timeout, Option<string> EventUrl)
{
    public const int MaxLimitSeconds = 7200;

    public static readonly ConnectOptions None = new(null, null, LanguageExt.Option<string>.None);
}
