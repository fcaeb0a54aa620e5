using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>A request the database could not take (busy, away, not writable) is answered 503 with a time to come back,
/// however deep the database's refusal is wrapped; a database error that is the request's own fault is not.</summary>
public class DatabaseTroubleTests
{
    [Theory]
    [InlineData(5, DatabaseTroubleKind.Busy)] // SQLITE_BUSY
    [InlineData(6, DatabaseTroubleKind.Busy)] // SQLITE_LOCKED
    [InlineData(8, DatabaseTroubleKind.NotWritable)] // SQLITE_READONLY
    [InlineData(13, DatabaseTroubleKind.NotWritable)] // SQLITE_FULL
    public void A_save_sqlite_refused_is_answered_503_with_retry_after(int code, DatabaseTroubleKind kind)
    {
        var http = new DefaultHttpContext();
        var refused = new DbUpdateException("An error occurred while saving the entity changes.",
            new SqliteException($"SQLite Error {code}.", code));
        var problem = ProblemDetailsExceptionHandler.Map(refused, http);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.Status);
        Assert.Contains("nothing was saved", problem.Detail);
        Assert.Equal(DatabaseTrouble.RetrySeconds(kind).ToString(), http.Response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData("57P01", DatabaseTroubleKind.Away)] // the server shutting down
    [InlineData("57P03", DatabaseTroubleKind.Away)] // the server starting
    [InlineData("08006", DatabaseTroubleKind.Away)] // the connection failed
    [InlineData("53300", DatabaseTroubleKind.Away)] // too many connections
    [InlineData("40P01", DatabaseTroubleKind.Busy)] // a deadlock
    [InlineData("40001", DatabaseTroubleKind.Busy)] // a serialization failure
    [InlineData("53100", DatabaseTroubleKind.NotWritable)] // the disk is full
    public void A_refusal_of_postgresql_is_told_apart(string state, DatabaseTroubleKind kind)
    {
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new PostgresException("refused", "FATAL", "FATAL", state));
        Assert.Equal(kind, DatabaseTrouble.Of(wrapped));
        Assert.Equal(DatabaseTroubleKind.Away, DatabaseTrouble.Of(new NpgsqlException("Exception while reading from stream",
            new EndOfStreamException())));
    }

    [Fact]
    public void Another_database_error_is_not_taken_for_trouble_of_the_database()
    {
        var http = new DefaultHttpContext();
        Assert.Null(ProblemDetailsExceptionHandler.Map(new SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19), http));
        Assert.Null(ProblemDetailsExceptionHandler.Map(new DbUpdateException("save",
            new PostgresException("duplicate key", "ERROR", "ERROR", "23505")), http));
        Assert.Empty(http.Response.Headers.RetryAfter.ToString());
    }
}
