namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// Tests that read /metrics run alone. OpenTelemetry listens for meters by name across the whole
/// process, so another test host starting or stopping mid-test (each has a "VoiceProxy" meter)
/// can deactivate the series being read. In production there is one host per process. Counts are
/// better read with <see cref="VoiceProxyApp.Collect{T}"/>, which listens to one app's meter only.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadsMetrics
{
    public const string Name = "Reads metrics";
}
