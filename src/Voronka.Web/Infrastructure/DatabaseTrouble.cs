using Microsoft.Data.Sqlite;
using Npgsql;

namespace Voronka.Web.Infrastructure;

/// <summary>Why a request could not use the database, when that is no fault of the request.</summary>
public enum DatabaseTroubleKind
{
    /// <summary>
    /// Another write held it: SQLite lets one writer in at a time, and a save that waited its whole timeout behind a
    /// long write (an import's commit) fails with "busy" or "locked"; on PostgreSQL a deadlock or a serialization failure.
    /// </summary>
    Busy,

    /// <summary>The database does not answer: PostgreSQL restarting, the network down, every connection taken.</summary>
    Away,

    /// <summary>The database cannot be written: its disk is full or read-only.</summary>
    NotWritable,
}

/// <summary>
/// Tells a failure of the database from a fault of the app. Nothing of such a request was saved; the caller is told to
/// try again (503 with Retry-After on the API, a notice on the pages) instead of being shown an error of the app.
/// </summary>
public static class DatabaseTrouble
{
    public static DatabaseTroubleKind? Of(Exception exception)
    {
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return DatabaseTroubleKind.Busy;
                // Read-only, I/O error, disk full, cannot open.
                case SqliteException { SqliteErrorCode: 8 or 10 or 13 or 14 }:
                    return DatabaseTroubleKind.NotWritable;
                case PostgresException { SqlState: "40001" or "40P01" or "55P03" }:
                    return DatabaseTroubleKind.Busy;
                // Disk full, out of memory: the server answers but cannot keep anything.
                case PostgresException { SqlState: "53100" or "53200" or "25006" }:
                    return DatabaseTroubleKind.NotWritable;
                // A lost connection, a server shutting down or starting, too many connections.
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState == "53300":
                    return DatabaseTroubleKind.Away;
                case PostgresException:
                    return null;
                case NpgsqlException:
                    return DatabaseTroubleKind.Away;
            }
        }
        return null;
    }

    public static bool Is(Exception exception) => Of(exception) is not null;

    /// <summary>The exception and the ones inside it, outermost first.</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException) yield return e;
    }

    /// <summary>Seconds a client is asked to wait before it tries again.</summary>
    public static int RetrySeconds(DatabaseTroubleKind kind) => kind switch
    {
        DatabaseTroubleKind.Busy => 30,
        DatabaseTroubleKind.Away => 10,
        _ => 60,
    };
}
