using System.Text.RegularExpressions;
using VoiceProxy.Core.Numbers;

namespace VoiceProxy.Web.Infrastructure.Hosting;

/// <summary>
/// No real number in any log, at any level, from any category (ours, ASP.NET's, Marten's,
/// Npgsql's): every logger the service makes is wrapped here, in one place, so a new log call
/// cannot forget. Whatever looks like a phone number (seven or more digits, alone or spaced) in
/// the message, its values or the exception is masked to its country code and last two digits;
/// long values are cut. Digits inside identifiers (a GUID's segment, a hex trace id) are left.
/// </summary>
public sealed partial class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public const int MaxValueLength = 256;
    const int MaxMessageLength = 4096;

    public ILogger CreateLogger(string categoryName) => new Redacting(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    [GeneratedRegex(@"(?<![\w\-.])\+?\d(?: ?\d){6,}(?![\w\-])")]
    private static partial Regex NumberLike();

    /// <summary>Whether the text still holds something that looks like an unmasked phone number.</summary>
    public static bool HoldsNumber(string text) => NumberLike().IsMatch(text);

    public static string Redact(string text)
    {
        var masked = NumberLike().Replace(text, m => NumberMask.Mask(m.Value));
        return masked.Length <= MaxMessageLength ? masked : masked[..MaxMessageLength] + "…";
    }

    static object? RedactValue(object? value) => value switch
    {
        null or bool or Enum => value,
        string s => Cut(Redact(s)),
        // Small numbers are counts and durations; a long one may be a phone number's digits.
        int or short or byte or double or float or decimal => value,
        _ => Cut(Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")),
    };

    static string Cut(string s) => s.Length <= MaxValueLength ? s : s[..MaxValueLength] + "…";

    sealed class Redacting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key,
                    p.Key == "{OriginalFormat}" ? p.Value : RedactValue(p.Value))).ToList()
                : [];
            var redacted = new RedactedState(Redact(formatter(state, exception)), values);
            inner.Log(logLevel, eventId, redacted, exception is null ? null : new RedactedException(exception),
                static (s, _) => s.Message);
        }
    }

    sealed class RedactedState(string message, List<KeyValuePair<string, object?>> values)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => message;
    }

    /// <summary>The exception as logged: its type and text (stack trace included), redacted.</summary>
    sealed class RedactedException(Exception original) : Exception(Redact(original.Message))
    {
        readonly string text = Redact(original.ToString());

        public override string ToString() => text;

        public override string? StackTrace => null;
    }
}
