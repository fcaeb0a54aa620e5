using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Voronka.Core.Data;

/// <summary>
/// The context factory: contexts come from EF Core's pool, so a request does not build each context's internal services
/// anew (an eighth of the app's work on a deal card), and every context handed out has this app's own per-use state
/// cleared — who is saving, the audit's clock, bulk loaders' switches, the people notified. EF Core clears the rest
/// (tracked entities, command timeout, change-tracking switches) when a context goes back to the pool.
/// </summary>
public sealed class PooledContexts(DbContextOptions<VoronkaDbContext> options) : IDbContextFactory<VoronkaDbContext>
{
    private readonly PooledDbContextFactory<VoronkaDbContext> _pool = new(options);

    public VoronkaDbContext CreateDbContext() => _pool.CreateDbContext().Fresh();

    public async Task<VoronkaDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        (await _pool.CreateDbContextAsync(cancellationToken)).Fresh();
}
