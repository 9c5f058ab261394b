using Microsoft.Extensions.Logging.Testing;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// Reading what a test app logged (Debug and above: the test host turns the service's categories
/// up to Debug). Every app's lines are checked for unmasked phone numbers when it is disposed, so
/// the whole suite's flows are covered (docs/architecture.md, invariant 3).
/// </summary>
public static class AppLogs
{
    /// <summary>Each record as one line: level, category, the formatted message and any exception.</summary>
    public static IReadOnlyList<string> Lines(this FakeLogCollector logs) =>
        logs.GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception}").ToList();

    /// <summary>The lines holding seven or more digits in a row that are not part of an identifier.</summary>
    public static IEnumerable<string> Unmasked(this FakeLogCollector logs) =>
        logs.Lines().Where(VoiceProxy.Web.Infrastructure.Hosting.RedactingLoggerFactory.HoldsNumber);
}
