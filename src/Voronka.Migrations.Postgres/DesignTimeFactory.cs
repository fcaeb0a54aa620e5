using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Voronka.Core.Data;

namespace Voronka.Migrations.Postgres;

public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<VoronkaDbContext>
{
    public VoronkaDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<VoronkaDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, "Host=localhost;Database=voronka_design;Username=postgres");
        return new VoronkaDbContext(options.Options);
    }
}
