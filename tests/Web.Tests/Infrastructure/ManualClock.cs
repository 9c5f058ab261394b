namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand, so expiry is tested at exact instants without sleeping. Only
/// "now" moves: timers stay real. The app's clock is the container's TimeProvider, which the
/// HTTP resilience pipeline also takes its timeouts and delays from; FakeTimeProvider would freeze
/// those until a test advanced it (docs/architecture.md, "Decisions").
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
