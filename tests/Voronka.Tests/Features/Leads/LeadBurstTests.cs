using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Leads;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Leads;

/// <summary>A company of its own for a burst of leads.</summary>
public class BurstApp : LeadApp;

/// <summary>Leads arriving at the same instant on many threads: nobody goes over capacity, and the shares hold.</summary>
public class LeadBurstTests(BurstApp app) : IClassFixture<BurstApp>
{
    [Fact]
    public async Task Two_hundred_leads_from_twenty_threads_keep_capacity_and_shares()
    {
        var director = await app.As("director");
        var (m1, m2, s1) = (app.UserIds["manager1"], app.UserIds["manager2"], app.UserIds["senior1"]);
        await director.PostAsJsonAsync("/api/v1/routing/rules", new
        {
            name = "Поток", source = "burst", strategy = "Weighted", people = new Dictionary<int, decimal> { [m1] = 1, [m2] = 1,
                [s1] = 2 },
        }).Expect<RoutingRuleResponse>(HttpStatusCode.Created);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
        {
            db.LeadCapacities.Add(new LeadCapacity { UserId = m1, MaxOpenLeads = 30 });
            await db.SaveChangesAsync();
        }
        // Twenty threads released together, each sending ten leads as fast as the service takes them.
        var leads = app.Services.GetRequiredService<LeadsService>();
        using var start = new Barrier(20);
        var threads = Enumerable.Range(0, 20).Select(thread => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 10; i++)
                leads.IntakeAsync(new LeadRequest(Email: $"t{thread}-{i}@burst.example", Source: "burst"), LeadChannel.Api,
                    CancellationToken.None).GetAwaiter().GetResult();
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(threads);

        await using var read = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        var got = await read.Leads.Where(l => l.Source == "burst").GroupBy(l => l.AssigneeId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        Assert.Equal(200, got.Values.Sum());
        Assert.Equal(30, got[m1]);
        // Once manager 1 is full the other two share the rest 1 : 2, each within one lead of what they were due.
        var due = (await read.RoutingShares.Where(s => s.RuleId != null).ToListAsync()).GroupBy(s => s.UserId)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Share));
        foreach (var person in new[] { m1, m2, s1 })
            Assert.True(Math.Abs(due[person] - got[person]) <= 1, $"{person}: due {due[person]:0.00}, got {got[person]}");
        Assert.InRange(got[s1], 2 * got[m2] - 2, 2 * got[m2] + 2);
    }
}
