using VoiceProxy.Core;

namespace VoiceProxy.Web.Infrastructure.Vonage;

/// <summary>
/// A call to Vonage that failed, by the kind of failure: the edge maps each to a 502 (retrying
/// will not help) or a 503 (worth retrying), naming the operation.
/// </summary>
public abstract record VonageFailure(string Operation, string Reason)
{
    public abstract bool WorthRetrying { get; }

    /// <summary>What the domain needs of it: only a refusal of the request itself is the caller's fault.</summary>
    public ProviderFailure ToProviderFailure() => new(Operation, Reason, this is Rejected, WorthRetrying);

    /// <summary>Our credentials were refused (401, NI status 4, SMS status 4).</summary>
    public sealed record Unauthorized(string Operation, string Reason) : VonageFailure(Operation, Reason)
    {
        public override bool WorthRetrying => false;
    }

    /// <summary>Vonage asked us to slow down (429, NI/SMS status 1).</summary>
    public sealed record Throttled(string Operation, string Reason) : VonageFailure(Operation, Reason)
    {
        public override bool WorthRetrying => true;
    }

    /// <summary>Vonage refused the request itself (420 on buy, NI status 3, SMS 2/3/6/7/15/29…).</summary>
    public sealed record Rejected(string Operation, string Reason) : VonageFailure(Operation, Reason)
    {
        public override bool WorthRetrying => false;
    }

    /// <summary>The account has no credit left (NI/SMS status 9).</summary>
    public sealed record NoCredit(string Operation, string Reason) : VonageFailure(Operation, Reason)
    {
        public override bool WorthRetrying => false;
    }

    /// <summary>Vonage failed (5xx, NI/SMS status 5), or could not be reached in time.</summary>
    /// <param name="NotTaken">Vonage certainly did not take the request: no connection to it could be
    /// made, or it answered 503 (it cannot handle requests now). A request that reached it and then
    /// failed (500, a timeout, a connection lost mid-answer) may still have been carried out.</param>
    public sealed record Unavailable(string Operation, string Reason, bool NotTaken = false) : VonageFailure(Operation, Reason)
    {
        public override bool WorthRetrying => true;
    }
}
