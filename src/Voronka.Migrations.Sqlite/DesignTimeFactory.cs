using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Voronka.Core.Data;

namespace Voronka.Migrations.Sqlite;

public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<VoronkaDbContext>
{
    public VoronkaDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VoronkaDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new VoronkaDbContext(options.Options);
    }
}
