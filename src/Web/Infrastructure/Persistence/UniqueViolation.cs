using JasperFx;
using Npgsql;

namespace VoiceProxy.Web.Infrastructure.Persistence;

/// <summary>
/// Whether a failed write was refused by a unique key (PostgreSQL 23505). Marten reports it as
/// DocumentAlreadyExistsException, or wrapped (an AggregateException from a batch, a
/// MartenCommandException), depending on where in the batch it happened: all of them mean the
/// same, a concurrent writer got there first.
/// </summary>
public static class UniqueViolation
{
    public static bool IsIn(Exception? e) => e switch
    {
        null => false,
        DocumentAlreadyExistsException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        AggregateException a => a.InnerExceptions.Any(IsIn),
        _ => IsIn(e.InnerException),
    };
}
