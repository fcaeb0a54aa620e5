using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Voronka.Core.Data;

/// <summary>
/// Lets one instance at a time run a round of a background job. On PostgreSQL a round holds a session advisory lock
/// named after the job on a connection of its own: an instance that dies drops the connection and PostgreSQL lets the
/// lock go at once. SQLite is one machine's file, served by one instance, so every round is let in.
/// </summary>
public sealed class JobLocks(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    /// <summary>The first half of every lock's key: the locks of this application, apart from any other's.</summary>
    private const int Space = 0x566F726E;

    /// <summary>The job's lock, or null when another instance holds it now; dispose it when the round is over.</summary>
    public async Task<IAsyncDisposable?> TryTakeAsync(string job, CancellationToken ct)
    {
        string? connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!db.Database.IsNpgsql()) return Granted.Instance;
            connectionString = db.Database.GetConnectionString();
        }
        // A pool of its own that resets each connection it takes back, whatever the app's pool does.
        var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("select pg_try_advisory_lock(@space, @job)", connection);
            take.Parameters.AddWithValue("space", Space);
            take.Parameters.AddWithValue("job", KeyOf(job));
            if (await take.ExecuteScalarAsync(ct) is true) return new Held(connection, KeyOf(job));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A job's name as a number that stays the same across processes and versions (FNV-1a).</summary>
    internal static int KeyOf(string job)
    {
        var hash = 2166136261u;
        foreach (var c in job)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return unchecked((int)hash);
    }

    private sealed class Granted : IAsyncDisposable
    {
        public static readonly Granted Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Held(NpgsqlConnection connection, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The pool would keep the session, and the lock with it, alive: let it go before the connection goes back.
                await using var release = new NpgsqlCommand("select pg_advisory_unlock(@space, @job)", connection);
                release.Parameters.AddWithValue("space", Space);
                release.Parameters.AddWithValue("job", key);
                await release.ExecuteScalarAsync();
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock went with its session.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
