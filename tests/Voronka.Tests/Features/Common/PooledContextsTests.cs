using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Common;

/// <summary>Contexts are pooled: one handed out again keeps nothing of its earlier use.</summary>
public class PooledContextsTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_context_handed_out_again_keeps_nothing_of_its_earlier_use()
    {
        Assert.IsType<PooledContexts>(app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>());
        // A pool of its own on the fixture's database, which no background work of the app takes from.
        await using var services = TestDatabase.Services(app.ConnectionString);
        var factory = services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>();
        VoronkaDbContext used;
        int? timeout;
        await using (var db = await factory.CreateDbContextAsync())
        {
            timeout = db.Database.GetCommandTimeout();
            db.StampAudit(7, new TestClock());
            db.AuditDisabled = true;
            db.FiguresDeferred = true;
            db.Notified.Add(7);
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.Users.FirstAsync();
            Assert.NotEmpty(db.ChangeTracker.Entries());
            used = db;
        }

        await using var again = await factory.CreateDbContextAsync();
        Assert.Same(used, again);
        // The pool is empty now, so this one is new: its clock is the one every context starts with.
        await using var fresh = await factory.CreateDbContextAsync();
        Assert.NotSame(again, fresh);
        Assert.Null(again.AuditUserId);
        Assert.Same(fresh.Clock, again.Clock);
        Assert.False(again.AuditDisabled);
        Assert.False(again.FiguresDeferred);
        Assert.Empty(again.Notified);
        Assert.Equal(timeout, again.Database.GetCommandTimeout());
        Assert.True(again.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Empty(again.ChangeTracker.Entries());
    }
}
