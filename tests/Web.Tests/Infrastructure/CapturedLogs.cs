using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>
/// Keeps everything the app logs (Debug and above: the test host turns the service's categories
/// up to Debug), and says whether any line holds something that looks like an unmasked phone
/// number: checked when every test app is disposed, so the whole suite's flows are covered.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose() { }

    /// <summary>The lines holding seven or more digits in a row that are not part of an identifier.</summary>
    public IEnumerable<string> Unmasked() =>
        lines.Where(VoiceProxy.Web.Infrastructure.Hosting.RedactingLoggerFactory.HoldsNumber);

    sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel level) => level >= LogLevel.Debug;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
        {
            if (IsEnabled(level)) lines.Enqueue($"{level} {category}: {format(state, e)} {e}");
        }
    }
}
