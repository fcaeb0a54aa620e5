using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Voronka.Web.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>SQLite lets one writer in at a time: a save that waited out a long write (an import's commit) is answered
/// 503 with a time to come back, however deep the database's refusal is wrapped; other database errors are not.</summary>
public class BusyDatabaseTests
{
    [Theory]
    [InlineData(5)] // SQLITE_BUSY
    [InlineData(6)] // SQLITE_LOCKED
    public void A_save_that_waited_out_the_one_writer_is_answered_503_with_retry_after(int code)
    {
        var http = new DefaultHttpContext();
        var busy = new DbUpdateException("An error occurred while saving the entity changes.",
            new SqliteException("SQLite Error 5: 'database is locked'.", code));
        var problem = ProblemDetailsExceptionHandler.Map(busy, http);
        Assert.NotNull(problem);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.Status);
        Assert.Contains("nothing was saved", problem.Detail);
        Assert.Equal(DatabaseBusy.RetrySeconds.ToString(), http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void Another_database_error_is_not_taken_for_a_busy_database()
    {
        var http = new DefaultHttpContext();
        Assert.Null(ProblemDetailsExceptionHandler.Map(new SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19), http));
        Assert.Empty(http.Response.Headers.RetryAfter.ToString());
    }
}
