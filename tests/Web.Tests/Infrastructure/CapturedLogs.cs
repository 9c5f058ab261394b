using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VoiceProxy.Web.Tests.Infrastructure;

/// <summary>Keeps what the app logs at Information and above, to check that no real number leaks.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose() { }

    sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel level) => level >= LogLevel.Information;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format)
        {
            if (IsEnabled(level)) lines.Enqueue($"{level} {category}: {format(state, e)} {e}");
        }
    }
}
