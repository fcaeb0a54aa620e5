using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly("Voronka.Migrations.Postgres"));
                break;
        }
    }

    public static IServiceCollection AddVoronkaDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = ReadProvider(config);
        var connectionString = config.GetConnectionString("Voronka");
        services.AddDbContextFactory<VoronkaDbContext>(o => Configure(o, provider, connectionString));
        return services;
    }
}
