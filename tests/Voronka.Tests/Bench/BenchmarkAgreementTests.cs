using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Voronka.Bench;
using Voronka.Core.Data;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Bench;

/// <summary>
/// The benchmark's two sides on a small generated company of its own: the dashboard and the funnels through the
/// services, and the same figures by the hand-written SQL, must agree. This checks the reports on data shaped
/// differently from the demo company, and keeps the benchmark itself working.
/// </summary>
public class BenchmarkAgreementTests : IAsyncLifetime
{
    private readonly string _connection = TestDatabase.Create($"voronka_bench_{Guid.NewGuid():N}");
    private readonly DatabaseProvider _provider = TestDatabase.Kind;
    private ServiceProvider? _services;

    private IDbContextFactory<VoronkaDbContext> Factory => _services!.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();

    public async Task InitializeAsync()
    {
        _services = TestDatabase.Services(_connection);
        await new DatabaseInitializer(Factory, NullLogger<DatabaseInitializer>.Instance).MigrateAsync();
        await Loader.GenerateAsync(Factory, _provider, _connection, new GenerateOptions(Deals: 4000, Activities: 40_000, Seed: 11, Teams: 2, ManagersPerTeam: 4, Companies: 400, Months: 14));
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        TestDatabase.Drop(_connection);
    }

    [Fact]
    public async Task The_services_and_the_hand_written_sql_give_the_same_figures()
    {
        await using (var db = await Factory.CreateDbContextAsync())
        {
            Assert.Equal(4000, await db.Deals.CountAsync());
            Assert.Equal(40_000, await db.Activities.CountAsync());
            Assert.True(await db.Deals.CountAsync(d => d.ClosedAt == null) > 10);
        }
        var differences = await Runner.RunAsync(Factory, _provider, _connection, runs: 0, output: null);
        Assert.Empty(differences);
    }
}
