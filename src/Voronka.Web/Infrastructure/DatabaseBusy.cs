namespace Voronka.Web.Infrastructure;

/// <summary>
/// A save that could not get the database: SQLite lets one writer in at a time, and a save that waited its whole
/// timeout behind a long write (an import's commit) fails with "busy" or "locked". Nothing of it was saved; the
/// caller is told to try again, on the API and on the pages alike.
/// </summary>
public static class DatabaseBusy
{
    /// <summary>Seconds a client is asked to wait before it tries again.</summary>
    public const int RetrySeconds = 30;

    public static bool Is(Exception exception) =>
        exception.GetBaseException() is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };
}
