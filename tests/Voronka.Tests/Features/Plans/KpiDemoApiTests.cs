using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Infrastructure.Http;

namespace Voronka.Tests.Features.Plans;

/// <summary>The KPI board of the current month on the demo company: every figure redone from the rows the API lists.</summary>
public class KpiDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private Period ThisMonth() => Period.Containing(PeriodKind.Month, app.Today);

    private static string Range(Period p) => $"from={p.Start:yyyy-MM-dd}&to={p.End:yyyy-MM-dd}";


    private async Task<KpiBoardResponse> PreparedBoardAsync(HttpClient director)
    {
        var month = ThisMonth();
        var goals = await director.GetAsync($"/api/v1/goals?{Range(month)}&periodKind=Month&scope=Organisation").Expect<List<GoalResponse>>();
        if (goals.Count == 0)
        {
            var goal = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = month.Start, scope = "Organisation", target = 25_000_000m })
                .Expect<GoalResponse>(HttpStatusCode.Created);
            var p = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Managers/proposal?method=PastShare").Expect<SplitProposalResponse>();
            await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers", new { items = p.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
            await director.PostAsync($"/api/v1/kpi/plans/fill?{Range(month)}", null).Expect<List<KpiPlanResponse>>();
        }
        return await director.GetAsync($"/api/v1/kpi?{Range(month)}").Expect<KpiBoardResponse>();
    }

    [Fact]
    public async Task Every_manager_has_plan_fact_and_pace_and_the_facts_match_the_lists()
    {
        var director = await app.Demo("director");
        var board = await PreparedBoardAsync(director);
        var month = ThisMonth();
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var managers = users.Where(u => u.Role == UserRole.Manager).ToList();
        Assert.Equal(10, managers.Count);
        Assert.All(managers, m => Assert.Contains(board.Rows, r => r.UserId == m.Id));
        foreach (var row in board.Rows.Where(r => managers.Any(m => m.Id == r.UserId)))
        {
            var revenue = row.Cells.Single(c => c.Code == KpiCode.Revenue);
            Assert.Equal("goal", revenue.PlanSource);
            Assert.True(revenue.Plan > 0);
            Assert.NotNull(revenue.Expected);
            var calls = row.Cells.Single(c => c.Code == KpiCode.Calls);
            Assert.True(calls.Plan > 0, $"{row.Name} has no call plan");
            // On the period's first working day nothing is due yet, so there is no pace to judge.
            if (row.ElapsedDays > 0) Assert.NotNull(calls.PacePercent);
            else Assert.Null(calls.PacePercent);
        }

        // One manager by hand.
        var m4 = managers.Single(m => m.Login == "manager4");
        var r4 = board.Rows.Single(r => r.UserId == m4.Id);
        var won = await All<DealResponse>(director, $"/api/v1/deals?ownerId={m4.Id}&status=won&closedFrom={month.Start:yyyy-MM-dd}&closedTo={month.End:yyyy-MM-dd}");
        var lost = await All<DealResponse>(director, $"/api/v1/deals?ownerId={m4.Id}&status=lost&closedFrom={month.Start:yyyy-MM-dd}&closedTo={month.End:yyyy-MM-dd}");
        var created = await All<DealResponse>(director, $"/api/v1/deals?ownerId={m4.Id}&createdFrom={month.Start:yyyy-MM-dd}&createdTo={month.End:yyyy-MM-dd}");
        var acts = await All<ActivityResponse>(director, $"/api/v1/activities?userId={m4.Id}&{Range(month)}");
        var overdue = await director.GetAsync($"/api/v1/tasks?assigneeId={m4.Id}&overdue=true&pageSize=1").Expect<Page<TaskResponse>>();
        decimal Fact(KpiCode c) => r4.Cells.Single(x => x.Code == c).Fact;
        Assert.Equal(won.Sum(d => d.Amount), Fact(KpiCode.Revenue));
        Assert.Equal(won.Count, Fact(KpiCode.WonDeals));
        Assert.Equal(created.Count, Fact(KpiCode.NewDeals));
        Assert.Equal(acts.Count(a => a.Type == ActivityType.Call), Fact(KpiCode.Calls));
        Assert.Equal(acts.Count(a => a.Type == ActivityType.Meeting), Fact(KpiCode.Meetings));
        Assert.Equal(acts.Count(a => a.Type == ActivityType.Proposal), Fact(KpiCode.Proposals));
        Assert.Equal(overdue.Total, Fact(KpiCode.OverdueTasks));
        Assert.Equal(won.Count + lost.Count == 0 ? 0 : decimal.Round(won.Count * 100m / (won.Count + lost.Count), 1, MidpointRounding.AwayFromZero), Fact(KpiCode.WinRate));

        // Pace by hand from the calendar the API gives: plan × working days gone ÷ working days of the month.
        var today = board.Today;
        var total = await director.GetAsync($"/api/v1/calendar/working-days?{Range(month)}&userId={m4.Id}").Expect<WorkingDaysResponse>();
        // Gone: the working days before today.
        var gone = today == month.Start ? new WorkingDaysResponse(month.Start, today, m4.Id, 0, 0)
            : await director.GetAsync($"/api/v1/calendar/working-days?from={month.Start:yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}&userId={m4.Id}").Expect<WorkingDaysResponse>();
        Assert.Equal(total.WorkingDays, r4.WorkingDays);
        Assert.Equal(gone.WorkingDays, r4.ElapsedDays);
        var callCell = r4.Cells.Single(c => c.Code == KpiCode.Calls);
        Assert.Equal(decimal.Round(callCell.Plan!.Value * gone.WorkingDays / total.WorkingDays, 2, MidpointRounding.AwayFromZero), callCell.Expected);
        Assert.Equal(gone.WorkingDays == 0 ? callCell.Fact : decimal.Round(callCell.Fact * total.WorkingDays / gone.WorkingDays, 2, MidpointRounding.AwayFromZero), callCell.Forecast);

        // The plans came from the manager's own decomposition of the whole month.
        var plan = await director.GetAsync($"/api/v1/plans/decomposition?userId={m4.Id}&{Range(month)}&whole=true").Expect<DecompositionResponse>();
        Assert.Equal(plan.Totals.Single(t => t.Type == ActivityType.Call).Needed, callCell.Plan);
        Assert.Equal(plan.WonDealsNeeded, r4.Cells.Single(c => c.Code == KpiCode.WonDeals).Plan);
        Assert.Equal(plan.Target, r4.Cells.Single(c => c.Code == KpiCode.Revenue).Plan);

        // The total row adds up the people.
        var totalRevenue = board.Total.Cells.Single(c => c.Code == KpiCode.Revenue);
        Assert.Equal(board.Rows.Sum(r => r.Cells.Single(c => c.Code == KpiCode.Revenue).Fact), totalRevenue.Fact);
        Assert.Equal(board.Rows.Sum(r => r.Cells.Single(c => c.Code == KpiCode.Revenue).Plan ?? 0), totalRevenue.Plan);
        var chance = totalRevenue.Chance;
        Assert.NotNull(chance);
        Assert.InRange(chance!.Value, 0m, 1m);
    }

    [Fact]
    public async Task A_senior_sees_the_team_a_manager_self_and_the_director_chooses_the_indicators()
    {
        var director = await app.Demo("director");
        await PreparedBoardAsync(director);
        var month = ThisMonth();
        var senior = await app.Demo("senior1");
        var teamBoard = await senior.GetAsync($"/api/v1/kpi?{Range(month)}").Expect<KpiBoardResponse>();
        Assert.Equal(6, teamBoard.Rows.Count); // the senior and five managers
        var manager = await app.Demo("manager2");
        var own = await manager.GetAsync($"/api/v1/kpi?{Range(month)}").Expect<KpiBoardResponse>();
        Assert.Single(own.Rows);
        await manager.PutJson("/api/v1/kpi/plans", new { from = month.Start, to = month.End, items = new[] { new { userId = own.Rows[0].UserId, code = "Calls", value = 1m } } })
            .Problem(HttpStatusCode.Forbidden);
        // A senior may not plan for the other team.
        var other = (await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>()).Single(u => u.Login == "manager7");
        var bad = await senior.PutJson("/api/v1/kpi/plans", new { from = month.Start, to = month.End, items = new[] { new { userId = other.Id, code = "Calls", value = 1m } } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("items[0].userId", bad.ErrorFields());

        await director.PutJson("/api/v1/kpi/catalog", new { items = new[] { new { code = "Presales", isEnabled = false }, new { code = "TalkMinutes", isEnabled = true } } })
            .Expect<List<KpiIndicatorResponse>>();
        var board = await director.GetAsync($"/api/v1/kpi?{Range(month)}").Expect<KpiBoardResponse>();
        Assert.DoesNotContain(board.Indicators, i => i.Code == KpiCode.Presales);
        Assert.Contains(board.Indicators, i => i.Code == KpiCode.TalkMinutes);
        var m2 = own.Rows[0].UserId!.Value;
        var calls = await All<ActivityResponse>(director, $"/api/v1/activities?userId={m2}&type=Call&{Range(month)}");
        Assert.Equal(decimal.Round(calls.Sum(c => c.DurationSeconds ?? 0) / 60m, 1),
            board.Rows.Single(r => r.UserId == m2).Cells.Single(c => c.Code == KpiCode.TalkMinutes).Fact);
    }

    [Fact]
    public async Task A_bonus_scheme_shows_what_each_manager_earns_at_pace_and_at_plan()
    {
        var director = await app.Demo("director");
        await PreparedBoardAsync(director);
        var bad = await director.PutJson("/api/v1/kpi/bonus-schemes/Manager", new { isEnabled = true, ratePercent = 150m, thresholdPercent = 80m })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("ratePercent", bad.ErrorFields());
        await director.PutJson("/api/v1/kpi/bonus-schemes/Manager", new
        {
            isEnabled = true, ratePercent = 5m, thresholdPercent = 50m,
            multipliers = new[] { new { code = "Calls", minPercent = 100m, factorIfMet = 1.2m, factorIfMissed = 1m } },
        }).Expect<BonusSchemeResponse>();
        var board = await director.GetAsync($"/api/v1/kpi?{Range(ThisMonth())}").Expect<KpiBoardResponse>();
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        foreach (var row in board.Rows.Where(r => users.Single(u => u.Id == r.UserId).Role == UserRole.Manager))
        {
            Assert.NotNull(row.Bonus);
            var plan = row.Cells.Single(c => c.Code == KpiCode.Revenue).Plan!.Value;
            // At 100 % of every plan: 5 % of the revenue plan, calls met → × 1.2.
            Assert.Equal(decimal.Round(plan * 0.05m * 1.2m, 2, MidpointRounding.AwayFromZero), row.Bonus!.AtPlan);
        }
        Assert.All(board.Rows.Where(r => users.Single(u => u.Id == r.UserId).Role == UserRole.Senior), r => Assert.Null(r.Bonus));
    }

    [Fact]
    public async Task Stage_conversion_as_an_indicator_shows_the_planted_weakness_at_the_proposal_stage()
    {
        var director = await app.Demo("director");
        var pipeline = (await director.GetAsync("/api/v1/pipelines").Expect<List<Voronka.Core.Features.Pipelines.PipelineResponse>>()).Single(p => p.IsDefault);
        var proposal = pipeline.Stages.Single(s => s.Name == "КП отправлено");
        await director.PutJson("/api/v1/kpi/catalog", new { items = new[] { new { code = "StageConversion", stageId = proposal.Id, isEnabled = true } } })
            .Expect<List<KpiIndicatorResponse>>();
        var today = app.Today;
        var (from, to) = (today.AddMonths(-6), today);
        var board = await director.GetAsync($"/api/v1/kpi?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}").Expect<KpiBoardResponse>();
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var m4 = users.Single(u => u.Login == "manager4");
        var cell = board.Rows.Single(r => r.UserId == m4.Id).Cells.Single(c => c.Code == KpiCode.StageConversion && c.StageId == proposal.Id);

        // By hand: every move out of the stage in the period, and whether it went forward.
        var start = OrgTime.StartOfDayUtc(from, OrgTime.Zone("Europe/Moscow"));
        var end = OrgTime.StartOfDayUtc(to.AddDays(1), OrgTime.Zone("Europe/Moscow"));
        var stages = pipeline.Stages.ToDictionary(s => s.Id);
        int left = 0, forward = 0;
        foreach (var d in await All<DealResponse>(director, $"/api/v1/deals?ownerId={m4.Id}&createdTo={to:yyyy-MM-dd}"))
            foreach (var h in (await director.GetAsync($"/api/v1/deals/{d.Id}/history").Expect<DealHistoryResponse>()).Stages)
            {
                if (h.FromStageId != proposal.Id || h.ChangedAt < start || h.ChangedAt >= end) continue;
                left++;
                var target = stages[h.ToStageId];
                if (target.Kind == Voronka.Core.Features.Pipelines.StageKind.Won || (target.Kind == Voronka.Core.Features.Pipelines.StageKind.Open && target.Position > proposal.Position)) forward++;
            }
        Assert.True(left > 10, $"only {left} deals left the stage");
        Assert.Equal(decimal.Round(forward * 100m / left, 1, MidpointRounding.AwayFromZero), cell.Fact);
        // The planted pattern: manager4 converts well below everyone together.
        var total = board.Total.Cells.Single(c => c.Code == KpiCode.StageConversion && c.StageId == proposal.Id).Fact;
        Assert.True(cell.Fact < total - 15, $"manager4 {cell.Fact} % against {total} %");
    }

    [Fact]
    public async Task A_closed_month_forecasts_its_fact_and_revenue_plans_follow_the_goal()
    {
        var director = await app.Demo("director");
        await PreparedBoardAsync(director);
        var last = ThisMonth().Previous;
        var past = await director.GetAsync($"/api/v1/kpi?{Range(last)}").Expect<KpiBoardResponse>();
        foreach (var row in past.Rows.Append(past.Total))
        {
            var revenue = row.Cells.Single(c => c.Code == KpiCode.Revenue);
            // Nothing is still to come in a month that is over: no stale open deal counts.
            Assert.Equal(revenue.Fact, revenue.WeightedForecast);
        }
        // A goal changed after the plans were filled shows at once.
        var month = ThisMonth();
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var m5 = users.Single(u => u.Login == "manager5").Id;
        var goal = (await director.GetAsync($"/api/v1/goals?{Range(month)}&userId={m5}&periodKind=Month")
            .Expect<List<GoalResponse>>()).Single();
        await director.PutJson($"/api/v1/goals/{goal.Id}", new { target = goal.Target + 1000m, version = goal.Version }).Expect<GoalResponse>();
        var board = await director.GetAsync($"/api/v1/kpi?{Range(month)}&userId={m5}").Expect<KpiBoardResponse>();
        Assert.Equal(goal.Target + 1000m, board.Rows.Single().Cells.Single(c => c.Code == KpiCode.Revenue).Plan);
    }
}
