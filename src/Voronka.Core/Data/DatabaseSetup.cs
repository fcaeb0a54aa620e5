using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Voronka.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Chooses the database from configuration: <c>Database:Provider</c> and <c>ConnectionStrings:Voronka</c>.</summary>
public static class DatabaseSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/voronka.db";

    public static DatabaseProvider ReadProvider(IConfiguration config)
    {
        var value = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{value}'.");
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var cs = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
                var dir = Path.GetDirectoryName(Path.GetFullPath(cs.DataSource));
                if (!string.IsNullOrEmpty(dir) && cs.DataSource != ":memory:") Directory.CreateDirectory(dir);
                options.UseSqlite(cs.ToString(), o => o.MigrationsAssembly("Voronka.Migrations.Sqlite"));
                options.AddInterceptors(new SqliteFunctions());
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("ConnectionStrings:Voronka is required for PostgreSQL.");
                options.UseNpgsql(WithPoolDefaults(connectionString), o => o.MigrationsAssembly("Voronka.Migrations.Postgres"));
                break;
        }
    }

    /// <summary>
    /// The PostgreSQL connection string with what many people at once need, unless it says otherwise: the fifty
    /// statements sent most are prepared (PostgreSQL stops parsing and planning them each time), and a connection going
    /// back to the pool is not reset — the app leaves no session state behind (its advisory locks end with their
    /// transaction, and <see cref="JobLocks"/> keeps its own pool that is reset), and the reset would cost seven
    /// statements each time a connection is taken. Behind PgBouncer in transaction mode say <c>Max Auto Prepare=0</c>.
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) cs.MaxAutoPrepare = 50;
        if (!Says(connectionString, "No Reset On Close", "NoResetOnClose")) cs.NoResetOnClose = true;
        return cs.ConnectionString;
    }

    private static bool Says(string connectionString, params string[] names)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return names.Any(given.ContainsKey);
    }

    /// <summary>
    /// The SQLite connection string (the default one when none is given) with a relative file made absolute in
    /// <paramref name="folder"/>: SQLite itself would take it from the working directory, which is wherever the app was
    /// started from. In-memory databases, URIs and absolute paths are left as they are.
    /// </summary>
    public static string SqliteFileIn(string folder, string? connectionString)
    {
        var given = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString;
        var cs = new SqliteConnectionStringBuilder(given);
        var file = cs.DataSource;
        if (file.Length == 0 || file == ":memory:" || cs.Mode == SqliteOpenMode.Memory || Path.IsPathRooted(file)
            || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return cs.ToString();
        cs.DataSource = Path.GetFullPath(Path.Combine(folder, file));
        return cs.ToString();
    }

    /// <summary>Registers the context factory on the configured database.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="config">The host's configuration.</param>
    /// <param name="contentRoot">The folder a relative SQLite file is kept in (the host's content root).</param>
    public static IServiceCollection AddVoronkaDatabase(this IServiceCollection services, IConfiguration config, string contentRoot)
    {
        var provider = ReadProvider(config);
        var connectionString = config.GetConnectionString("Voronka");
        if (provider == DatabaseProvider.Sqlite) connectionString = SqliteFileIn(contentRoot, connectionString);
        return services.AddVoronkaContexts(provider, connectionString);
    }

    /// <summary>Registers <see cref="PooledContexts"/> as the context factory on the given database.</summary>
    public static IServiceCollection AddVoronkaContexts(
        this IServiceCollection services, DatabaseProvider provider, string? connectionString)
    {
        // The options are built as EF Core builds them for a factory (with the app's logging), then pooled.
        services.AddDbContextFactory<VoronkaDbContext>(o => Configure(o, provider, connectionString));
        services.Replace(ServiceDescriptor.Singleton<IDbContextFactory<VoronkaDbContext>>(
            sp => new PooledContexts(sp.GetRequiredService<DbContextOptions<VoronkaDbContext>>())));
        return services;
    }
}
