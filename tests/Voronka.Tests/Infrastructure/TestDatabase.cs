using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Voronka.Core.Data;

namespace Voronka.Tests.Infrastructure;

/// <summary>
/// Which database the integration tests run on: VORONKA_TEST_PROVIDER=Sqlite (default) or Postgres.
/// PostgreSQL is reached through VORONKA_TEST_POSTGRES (a connection string without a database);
/// every fixture gets a database of its own and drops it at the end.
/// </summary>
public static class TestDatabase
{
    public static string Provider => Environment.GetEnvironmentVariable("VORONKA_TEST_PROVIDER") is { Length: > 0 } p ? p : "Sqlite";

    public static bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    public static DatabaseProvider Kind => IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>A context factory on the given database, configured as the application configures it, for tests
    /// that work below the web host.</summary>
    public static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddVoronkaContexts(Kind, connectionString);
        return services.BuildServiceProvider();
    }

    private static string PostgresServer => Environment.GetEnvironmentVariable("VORONKA_TEST_POSTGRES") is { Length: > 0 } s
        ? s
        : "Host=127.0.0.1;Port=5432;Username=voronka;Password=voronka";

    public static string Create(string name)
    {
        if (!IsPostgres)
        {
            var dir = Path.Combine(Path.GetTempPath(), "voronka-tests");
            Directory.CreateDirectory(dir);
            return $"Data Source={Path.Combine(dir, $"{name}.db")}";
        }
        return OnPostgres(name);
    }

    /// <summary>A PostgreSQL database by name, whichever provider the run is on (for tests of PostgreSQL alone).</summary>
    public static string OnPostgres(string name) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = true }.ConnectionString;

    public static void Drop(string connectionString)
    {
        if (!IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) if (File.Exists(f)) File.Delete(f);
            return;
        }
        DropPostgres(connectionString);
    }

    public static void DropPostgres(string connectionString)
    {
        var db = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        admin.Open();
        using var cmd = admin.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)";
        try { cmd.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // FORCE may not end an autovacuum worker for a role without pg_signal_backend; a plain drop asks it to stop.
            cmd.CommandText = $"DROP DATABASE IF EXISTS \"{db}\"";
            cmd.ExecuteNonQuery();
        }
    }
}
