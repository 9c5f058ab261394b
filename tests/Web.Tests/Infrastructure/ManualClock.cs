namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so expiry is tested at exact instants without sleeping.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
