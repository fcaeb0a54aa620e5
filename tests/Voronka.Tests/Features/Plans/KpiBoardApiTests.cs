using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Plans;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Plans;

/// <summary>The KPI board on the small test company, for the cases the demo company never has.</summary>
public class KpiBoardApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    [Fact]
    public async Task A_zero_revenue_plan_has_no_chance_to_show_and_a_real_one_has()
    {
        var director = await app.As("director");
        var month = Period.Containing(PeriodKind.Month, Period.Containing(PeriodKind.Month, app.Today).End.AddDays(1));
        var (senior, manager) = (app.UserIds["senior1"], app.UserIds["manager1"]);
        await director.PutJson("/api/v1/kpi/plans", new
        {
            from = month.Start, to = month.End,
            items = new[]
            {
                new { userId = senior, code = "Revenue", value = 0m },
                new { userId = manager, code = "Revenue", value = 100_000m },
            },
        }).Expect<List<KpiPlanResponse>>();

        var board = await director.GetAsync($"/api/v1/kpi?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&teamId={app.TeamA}")
            .Expect<KpiBoardResponse>();
        var zero = board.Rows.Single(r => r.UserId == senior).Cells.Single(c => c.Code == KpiCode.Revenue);
        Assert.Equal(0m, zero.Plan);
        Assert.Null(zero.Chance);
        // A month not begun: nothing is due yet, so there is no pace either.
        Assert.Equal(0m, zero.Expected);
        Assert.Null(zero.PacePercent);
        var real = board.Rows.Single(r => r.UserId == manager).Cells.Single(c => c.Code == KpiCode.Revenue);
        Assert.Equal(0m, real.Chance);
        Assert.Null(board.Rows.Single(r => r.UserId == app.UserIds["manager2"]).Cells.Single(c => c.Code == KpiCode.Revenue).Chance);
    }
}
