using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VoiceProxy.Core.Routing;

namespace VoiceProxy.Core.Tests.Routing;

/// <summary>A route in memory serves while the database is heard, and a bounded time after.</summary>
public class RouteMemoryProperties
{
    static Gen<(DateTimeOffset LastHeard, TimeSpan Since, TimeSpan Bound)> Moments =>
        from lastHeard in Gens.Instant
        from since in Gen.Choose(0, 600_000).Select(ms => TimeSpan.FromMilliseconds(ms))
        from bound in Gen.Choose(0, 300_000).Select(ms => TimeSpan.FromMilliseconds(ms))
        select (lastHeard, since, bound);

    [Property(MaxTest = 300)]
    public Property While_listening_a_route_in_memory_always_serves() =>
        Prop.ForAll(Moments.ToArbitrary(), m =>
            RouteMemory.MayServe(listening: true, m.LastHeard, m.LastHeard + m.Since, m.Bound));

    [Property(MaxTest = 300)]
    public Property Not_listening_it_serves_exactly_until_the_bound_after_it_last_heard() =>
        Prop.ForAll(Moments.ToArbitrary(), m =>
            RouteMemory.MayServe(listening: false, m.LastHeard, m.LastHeard + m.Since, m.Bound) == (m.Since <= m.Bound));

    [Property(MaxTest = 300)]
    public Property Once_it_stops_serving_it_never_serves_again_until_heard_from() =>
        Prop.ForAll(Moments.ToArbitrary(), Gen.Choose(0, 600_000).ToArbitrary(), (m, laterMs) =>
        {
            var now = m.LastHeard + m.Since;
            var later = now + TimeSpan.FromMilliseconds(laterMs);
            return RouteMemory.MayServe(false, m.LastHeard, now, m.Bound)
                   || !RouteMemory.MayServe(false, m.LastHeard, later, m.Bound);
        });
}
