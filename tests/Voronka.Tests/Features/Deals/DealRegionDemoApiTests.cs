using System.Net;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>Deals loaded without a region still count in the reports by region: they take their owner's.</summary>
public class DealRegionDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task A_deal_given_no_region_is_its_owners_region_and_one_given_keeps_it()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var me = users.Single(u => u.Login == "manager1");
        Assert.NotNull(me.RegionId);
        var manager = await app.Demo("manager1");
        var plain = await manager.PostJson("/api/v1/deals",
            new { title = "Поставка без региона" }).Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal(me.RegionId, plain.RegionId);

        var other = (await director.GetAsync("/api/v1/regions").Expect<List<RegionResponse>>()).First(r => r.Id != me.RegionId);
        var given = await manager.PostJson("/api/v1/deals", new { title = "Поставка в регион", regionId = other.Id })
            .Expect<DealResponse>(HttpStatusCode.Created);
        Assert.Equal(other.Id, given.RegionId);

        // The funnel cut by the owner's region counts the deal that was given none.
        var today = app.Today;
        var funnel = await director.GetAsync($"/api/v1/reports/funnel?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&regionId={me.RegionId}")
            .Expect<Voronka.Core.Features.Reports.FunnelReport>();
        var listed = await director.GetAsync(
                $"/api/v1/deals?createdFrom={today:yyyy-MM-dd}&createdTo={today:yyyy-MM-dd}&regionId={me.RegionId}&pageSize=200")
            .Expect<Voronka.Core.Common.Page<DealResponse>>();
        Assert.Contains(listed.Items, d => d.Id == plain.Id);
        Assert.Equal(listed.Total, funnel.Deals);
    }
}
