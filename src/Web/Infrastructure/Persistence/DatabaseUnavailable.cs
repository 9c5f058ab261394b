using Npgsql;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Whether a failure means the database is out of reach for now (down, restarting, stalled past
/// the command timeout, a connection killed under us), rather than a bug or a refused write:
/// the answer to those is "try again shortly" (503 with Retry-After), never a 500. Marten wraps
/// Npgsql's exceptions, so the whole chain is searched.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool IsIn(Exception? e) => e switch
    {
        null => false,
        PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException => true, // no server answer at all: refused, reset, timed out
        TimeoutException or System.Net.Sockets.SocketException => true,
        AggregateException a => a.InnerExceptions.Any(IsIn),
        _ => IsIn(e.InnerException),
    };
}
