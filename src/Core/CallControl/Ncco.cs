using LanguageExt;
using VoiceProxy.Core.Numbers;
using static LanguageExt.Prelude;

namespace VoiceProxy.Core.CallControl;

/// <summary>A Nexmo Call Control Object: the actions Vonage runs, in order.</summary>
public sealed record Ncco(Seq<NccoAction> Actions)
{
    /// <summary>Say <paramref name="greeting"/>, then connect showing <paramref name="callerId"/>.</summary>
    public static Ncco Connect(string greeting, PhoneNumber callerId, PhoneNumber destination) =>
        new(Seq<NccoAction>(
            new NccoAction.Talk(greeting),
            new NccoAction.Connect(callerId.Digits, new PhoneEndpoint(destination.Digits))));

    /// <summary>Only speech: no number of anyone is in it.</summary>
    public static Ncco Say(string text) => new(Seq1<NccoAction>(new NccoAction.Talk(text)));
}

/// <summary>The NCCO actions we use, named and shaped as in Vonage's NCCO reference.</summary>
public abstract record NccoAction
{
    private NccoAction() { }

    /// <summary>talk: text to speech (at most 1500 characters).</summary>
    public sealed record Talk(string Text) : NccoAction;

    /// <summary>connect: <c>From</c> is our virtual number, digits only, as caller ID.</summary>
    public sealed record Connect(string From, PhoneEndpoint Endpoint) : NccoAction;
}

/// <summary>A phone endpoint of a connect; the number is digits only (E.164 without '+').</summary>
public sealed record PhoneEndpoint(string Number);
