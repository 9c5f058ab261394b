using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace VoiceProxy.Web.Tests.Infrastructure;

public static class CollectedMetrics
{
    /// <summary>The sum of a counter's measurements that carry every given tag.</summary>
    public static long Sum(this MetricCollector<long> counter, params (string Key, object? Value)[] tags) =>
        counter.GetMeasurementSnapshot()
            .Where(m => m.ContainsTags(tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).ToArray()))
            .Sum(m => m.Value);
}
