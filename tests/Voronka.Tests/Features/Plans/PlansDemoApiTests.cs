using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Infrastructure.Http;

namespace Voronka.Tests.Features.Plans;

/// <summary>The director sets next month's target once, accepts the proposed split, and each manager gets a plan
/// whose every number is redone here from the deals, stage history and activities the API returns.</summary>
public class PlansDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private Period NextMonth() =>
        Period.Containing(PeriodKind.Month, app.Today).End.AddDays(1) is var d ? Period.Containing(PeriodKind.Month, d) : default;

    private async Task<GoalResponse> NextMonthGoalAsync(HttpClient director)
    {
        var month = NextMonth();
        var existing = await director.GetAsync($"/api/v1/goals?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&periodKind=Month&scope=Organisation")
            .Expect<List<GoalResponse>>();
        if (existing.Count > 0) return existing[0];
        return await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = month.Start, scope = "Organisation", target = 30_000_000.01m })
            .Expect<GoalResponse>(HttpStatusCode.Created);
    }


    [Fact]
    public async Task The_director_splits_next_months_target_by_past_share_and_every_kopeck_lands_with_a_manager()
    {
        var director = await app.Demo("director");
        var goal = await NextMonthGoalAsync(director);
        var proposal = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Managers/proposal?method=PastShare").Expect<SplitProposalResponse>();
        // Ten managers and two seniors sell; the children add up exactly to the odd-kopeck parent.
        Assert.Equal(12, proposal.Items.Count);
        Assert.Equal(goal.Target, proposal.Items.Sum(i => i.Target));
        Assert.Null(proposal.Note);
        // The basis is each seller's won revenue in the 12 months before the period, as the deal list shows it.
        var basis = proposal.Items.Single(i => i.Name.Length > 0 && i.Basis == proposal.Items.Max(x => x.Basis));
        var won = await All<DealResponse>(director, $"/api/v1/deals?status=won&ownerId={basis.SubjectId}&closedFrom={proposal.BasisFrom:yyyy-MM-dd}&closedTo={proposal.BasisTo:yyyy-MM-dd}");
        Assert.Equal(won.Sum(d => d.Amount), basis.Basis);
        // Shares follow the basis: the largest seller gets the largest part.
        Assert.Equal(proposal.Items.Max(i => i.Target), basis.Target);

        var saved = await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers",
            new { items = proposal.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
        var split = Assert.Single(saved.Splits);
        Assert.Equal(0m, split.Gap);
        Assert.Equal(12, split.Children);

        // Each manager sees exactly their own goal.
        var manager4 = await app.Demo("manager4");
        var mine = await manager4.GetAsync($"/api/v1/goals?from={NextMonth().Start:yyyy-MM-dd}&to={NextMonth().End:yyyy-MM-dd}&periodKind=Month").Expect<List<GoalResponse>>();
        var own = Assert.Single(mine);
        Assert.Equal(GoalScope.Manager, own.Scope);
        Assert.Equal(proposal.Items.Single(i => i.SubjectId == own.SubjectId).Target, own.Target);

        // An edited child leaves a visible gap instead of silently moving money.
        var edited = proposal.Items.Select((i, n) => new { i.SubjectId, Target = n == 0 ? i.Target - 1000m : i.Target });
        var withGap = await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers", new { items = edited }).Expect<GoalResponse>();
        Assert.Equal(1000m, withGap.Splits.Single().Gap);
        await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers", new { items = proposal.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
    }

    [Fact]
    public async Task A_managers_plan_is_redone_by_hand_from_the_deals_history_and_activities_the_api_returns()
    {
        var director = await app.Demo("director");
        var goal = await NextMonthGoalAsync(director);
        if (goal.Splits.Count == 0)
        {
            var p = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Managers/proposal?method=PastShare").Expect<SplitProposalResponse>();
            await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers", new { items = p.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
        }
        var month = NextMonth();
        var manager = await app.Demo("manager4");
        var me = (await manager.GetAsync($"/api/v1/goals?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&periodKind=Month").Expect<List<GoalResponse>>()).Single();
        var plan = await manager.GetAsync($"/api/v1/plans/decomposition?userId={me.SubjectId}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}")
            .Expect<DecompositionResponse>();
        Assert.Equal("goal", plan.TargetSource);
        Assert.Equal(me.Target, plan.Target);
        Assert.True(plan.Reachable);

        // The raw material, read through the API as any integrator would.
        var pipeline = (await director.GetAsync("/api/v1/pipelines").Expect<List<Voronka.Core.Features.Pipelines.PipelineResponse>>()).Single(x => x.Id == plan.PipelineId);
        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        var kind = pipeline.Stages.ToDictionary(s => s.Id, s => s.Kind);
        var position = pipeline.Stages.ToDictionary(s => s.Id, s => s.Position);
        var cohort = await All<DealResponse>(manager,
            $"/api/v1/deals?ownerId={me.SubjectId}&pipelineId={plan.PipelineId}&createdFrom={plan.BasisFrom:yyyy-MM-dd}&createdTo={plan.BasisTo:yyyy-MM-dd}");
        var history = new Dictionary<int, List<StageChangeResponse>>();
        foreach (var d in cohort)
            history[d.Id] = (await manager.GetAsync($"/api/v1/deals/{d.Id}/history").Expect<DealHistoryResponse>()).Stages.ToList();
        int? MaxOpen(int dealId) => history[dealId].Where(h => kind[h.ToStageId] == StageKind.Open).Select(h => (int?)position[h.ToStageId]).Max();

        // Stage by stage: deals that reached it and moved on, and those decided there (moved on or lost).
        for (var i = 0; i < open.Count; i++)
        {
            int advanced = 0, decided = 0;
            foreach (var d in cohort)
            {
                var max = MaxOpen(d.Id);
                var isWon = d.StageKind == StageKind.Won;
                if (!isWon && (max is null || max < open[i].Position)) continue;
                var movedOn = isWon || (i + 1 < open.Count && max >= open[i + 1].Position);
                if (movedOn) advanced++;
                if (movedOn || d.StageKind == StageKind.Lost) decided++;
            }
            var s = plan.Stages[i];
            Assert.Equal(open[i].Id, s.StageId);
            Assert.Equal(advanced, s.Advanced);
            Assert.Equal(decided, s.Decided);
            // The blend with the team: (own advanced + 10 × team rate) / (own decided + 10).
            var teamRate = s.ComparisonDecided == 0 ? 0 : s.ComparisonAdvanced / (decimal)s.ComparisonDecided;
            Assert.Equal(decimal.Round((advanced + 10 * teamRate) / (decided + 10), 4), s.Rate);
        }

        // Activities: each placed at the stage its deal stood at when it happened, counted once that deal has left the stage.
        var acts = await All<ActivityResponse>(manager, $"/api/v1/activities?userId={me.SubjectId}&from={plan.BasisFrom:yyyy-MM-dd}&to={plan.BasisTo:yyyy-MM-dd}");
        var cohortIds = cohort.ToDictionary(d => d.Id);
        foreach (var a in plan.Activities)
        {
            int count;
            if (a.StageId is null)
                count = acts.Count(x => x.Type == a.Type && x.DealId is null);
            else
            {
                var pos = position[a.StageId.Value];
                count = acts.Count(x => x.Type == a.Type && x.DealId is int id && cohortIds.TryGetValue(id, out var deal)
                    && history[id].Where(h => h.ChangedAt <= x.OccurredAt).OrderBy(h => h.ChangedAt).ThenBy(h => h.Id).LastOrDefault() is { } at
                    && at.ToStageId == a.StageId
                    && (deal.StageKind != StageKind.Open || MaxOpen(id) > pos));
            }
            Assert.Equal(count, a.Activities);
            var stageIndex = a.StageId is null ? -1 : open.FindIndex(s => s.Id == a.StageId);
            Assert.Equal(stageIndex < 0 ? cohort.Count : plan.Stages[stageIndex].Advanced, a.Deals);
        }
        Assert.Contains(plan.Activities, a => a.Type == ActivityType.Call && a.StageId is null);
        Assert.Contains(plan.Activities, a => a.Type == ActivityType.Meeting);
        Assert.Contains(plan.Activities, a => a.Type == ActivityType.Proposal);

        // The average deal: own won deals of the basis window blended with the team's.
        var ownWon = await All<DealResponse>(manager, $"/api/v1/deals?ownerId={me.SubjectId}&status=won&closedFrom={plan.BasisFrom:yyyy-MM-dd}&closedTo={plan.BasisTo:yyyy-MM-dd}");
        Assert.Equal(ownWon.Count, plan.AverageDeal.WonOwn);
        Assert.Equal(ownWon.Sum(d => d.Amount), plan.AverageDeal.SumOwn);
        var average = decimal.Round((Money.ToMinor(plan.AverageDeal.SumOwn) + 10 * Money.ToMinor(plan.AverageDeal.Comparison)) / (decimal)(plan.AverageDeal.WonOwn + 10), 0, MidpointRounding.AwayFromZero);
        Assert.Equal(Money.FromMinor((long)average), plan.AverageDeal.Value);

        // And the chain by hand: what is left ÷ average, up; ÷ each conversion from the last stage back, up; × activities per deal, up.
        var won = (int)Math.Ceiling(plan.Left / plan.AverageDeal.Value);
        Assert.Equal(won, plan.WonDealsNeeded);
        var next = (decimal)won;
        var needed = new int[open.Count];
        for (var i = open.Count - 1; i >= 0; i--)
        {
            var exactRate = RateOf(plan.Stages[i]);
            needed[i] = (int)Math.Ceiling(next / exactRate - 0.0000001m);
            Assert.Equal(needed[i], plan.Stages[i].DealsNeeded);
            next = needed[i];
        }
        foreach (var a in plan.Activities)
        {
            var idx = a.StageId is null ? -1 : open.FindIndex(s => s.Id == a.StageId);
            var leaving = idx + 1 < open.Count ? needed[idx + 1] : won;
            var teamRatio = a.ComparisonDeals == 0 ? 0 : a.ComparisonActivities / (decimal)a.ComparisonDeals;
            var perDeal = (a.Activities + 10 * teamRatio) / (a.Deals + 10);
            Assert.Equal((int)Math.Ceiling(leaving * perDeal - 0.0000001m), a.Needed);
            Assert.Equal(decimal.Round(a.Needed / (decimal)plan.WorkingDays.Left, 2, MidpointRounding.AwayFromZero), a.PerDay);
        }
        Assert.Equal(plan.Activities.Where(a => a.Type == ActivityType.Call).Sum(a => a.Needed), plan.Totals.Single(t => t.Type == ActivityType.Call).Needed);
        // Next month has not begun: every working day of it is still ahead.
        Assert.Equal(plan.WorkingDays.Total, plan.WorkingDays.Left);
        var planMonth = NextMonth();
        var days = await director.GetAsync($"/api/v1/calendar/working-days?from={planMonth.Start:yyyy-MM-dd}&to={planMonth.End:yyyy-MM-dd}&userId={me.SubjectId}")
            .Expect<Voronka.Core.Features.Calendar.WorkingDaysResponse>();
        Assert.Equal(days.WorkingDays, plan.WorkingDays.Left);
    }

    [Fact]
    public async Task Every_manager_sees_a_plan_in_won_deals_proposals_meetings_and_calls_per_working_day()
    {
        var director = await app.Demo("director");
        var goal = await NextMonthGoalAsync(director);
        if (goal.Splits.Count == 0)
        {
            var p = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Managers/proposal?method=PastShare").Expect<SplitProposalResponse>();
            await director.PutJson($"/api/v1/goals/{goal.Id}/splits/Managers", new { items = p.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
        }
        var month = NextMonth();
        for (var n = 1; n <= 10; n++)
        {
            var manager = await app.Demo($"manager{n}");
            var me = (await manager.GetAsync($"/api/v1/goals?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&periodKind=Month").Expect<List<GoalResponse>>()).Single();
            var plan = await manager.GetAsync($"/api/v1/plans/decomposition?userId={me.SubjectId}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}").Expect<DecompositionResponse>();
            Assert.True(plan.Reachable, $"manager{n}");
            Assert.True(plan.WonDealsNeeded > 0, $"manager{n}");
            foreach (var type in new[] { ActivityType.Call, ActivityType.Meeting, ActivityType.Proposal })
            {
                var total = plan.Totals.Single(t => t.Type == type);
                Assert.True(total.Needed > 0, $"manager{n} {type}");
                Assert.Equal(decimal.Round(total.Needed / (decimal)plan.WorkingDays.Left, 2, MidpointRounding.AwayFromZero), total.PerDay);
                // In whole calls and meetings: the exact figure rounded up.
                Assert.Equal((int)Math.Ceiling(total.Needed / (decimal)plan.WorkingDays.Left), total.PerDayWhole);
            }
            Assert.All(plan.Activities, a => Assert.Equal(PerWorkingDay.Whole(a.Needed, plan.WorkingDays.Left), a.PerDayWhole));
            Assert.All(plan.Stages, s => Assert.Equal(PerWorkingDay.Whole(s.DealsNeeded, plan.WorkingDays.Left), s.PerDayWhole));
        }
        // manager7 makes half the calls of the others (a planted pattern): his plan asks fewer calls per deal.
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        async Task<decimal> ProspectingPerDeal(string login) =>
            (await director.GetAsync($"/api/v1/plans/decomposition?userId={users.Single(u => u.Login == login).Id}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}")
                .Expect<DecompositionResponse>()).Activities.Where(a => a.Type == ActivityType.Call).Sum(a => a.Activities / (decimal)Math.Max(1, a.Deals));
        Assert.True(await ProspectingPerDeal("manager7") < await ProspectingPerDeal("manager6") * 0.75m);
    }

    private static decimal RateOf(StagePlanResponse s)
    {
        var team = s.ComparisonDecided == 0 ? 0 : s.ComparisonAdvanced / (decimal)s.ComparisonDecided;
        return (s.Advanced + 10 * team) / (s.Decided + 10);
    }

    [Fact]
    public async Task People_see_only_their_own_plans_and_bad_requests_name_the_field()
    {
        var month = NextMonth();
        var manager1 = await app.Demo("manager1");
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var m2 = users.Single(u => u.Login == "manager2").Id;
        var m7 = users.Single(u => u.Login == "manager7").Id;
        await manager1.GetAsync($"/api/v1/plans/decomposition?userId={m2}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}").Problem(HttpStatusCode.NotFound);
        var senior1 = await app.Demo("senior1");
        // manager2 is in senior1's team, manager7 is not.
        await senior1.GetAsync($"/api/v1/plans/decomposition?userId={m2}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}").Expect<DecompositionResponse>();
        await senior1.GetAsync($"/api/v1/plans/decomposition?userId={m7}&from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}").Problem(HttpStatusCode.NotFound);
        var assistant = await app.Demo("assistant");
        await assistant.GetAsync($"/api/v1/goals").Problem(HttpStatusCode.Forbidden);

        var bad = await director.GetAsync($"/api/v1/plans/decomposition?from={month.End:yyyy-MM-dd}&to={month.Start:yyyy-MM-dd}").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
        bad = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = month.Start.AddDays(1), scope = "Organisation", target = 1m }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("periodStart", bad.ErrorFields());
        bad = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = month.Start, scope = "Organisation", target = -1m }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("target", bad.ErrorFields());
        // A manager may not set goals.
        await manager1.PostJson("/api/v1/goals", new { periodKind = "Year", periodStart = new DateOnly(2030, 1, 1), scope = "Organisation", target = 1m }).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_year_splits_into_months_by_seasonality_and_the_seasonal_product_peaks_in_summer()
    {
        var director = await app.Demo("director");
        var products = await director.GetAsync("/api/v1/products?pageSize=100").Expect<Page<Voronka.Core.Features.Products.ProductResponse>>();
        var breeze = products.Items.Single(p => p.Name.Contains("Бриз"));
        var year = Period.Containing(PeriodKind.Year, app.Today).End.AddDays(1);
        var goal = await director.PostJson("/api/v1/goals", new { periodKind = "Year", periodStart = year, scope = "Product", subjectId = breeze.Id, target = 12_000_000m, targetWonDeals = 100 })
            .Expect<GoalResponse>(HttpStatusCode.Created);
        var p = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Months/proposal?method=Seasonality").Expect<SplitProposalResponse>();
        Assert.Equal(12, p.Items.Count);
        Assert.Equal(12_000_000m, p.Items.Sum(i => i.Target));
        Assert.Equal(100, p.Items.Sum(i => i.TargetWonDeals));
        // Deals open in March–July and are won a month or two later, so sales peak between May and September; a month
        // outside the history weighs as the mean.
        var seen = p.Items.Where(i => i.BasisYears > 0).ToList();
        var peak = seen.MaxBy(i => i.Target)!;
        Assert.InRange(peak.PeriodStart.Month, 5, 9);
        var winter = seen.Where(i => i.PeriodStart.Month is 12 or 1 or 2).ToList();
        Assert.NotEmpty(winter);
        Assert.All(winter, i => Assert.True(peak.Target > i.Target * 3,
            $"{peak.PeriodStart:MMMM} {peak.Target} against {i.PeriodStart:MMMM} {i.Target}"));
        Assert.All(p.Items.Where(i => i.BasisYears == 0), i => Assert.True(Math.Abs(seen.Average(x => x.Basis) - i.Basis) < 0.01m));
        // Working days split the same year by the calendar instead.
        var w = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Months/proposal?method=WorkingDays").Expect<SplitProposalResponse>();
        Assert.Equal(12_000_000m, w.Items.Sum(i => i.Target));
        foreach (var i in w.Items)
        {
            var end = i.PeriodStart.AddMonths(1).AddDays(-1);
            var days = await director.GetAsync($"/api/v1/calendar/working-days?from={i.PeriodStart:yyyy-MM-dd}&to={end:yyyy-MM-dd}")
                .Expect<Voronka.Core.Features.Calendar.WorkingDaysResponse>();
            Assert.Equal(days.WorkingDays, i.Basis);
        }
        // Seasonality does not divide among people.
        var bad = await director.GetAsync($"/api/v1/goals/{goal.Id}/splits/Managers/proposal?method=Seasonality").Problem(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.ErrorFields());
        await director.DeleteAsync($"/api/v1/goals/{goal.Id}");
    }

    [Fact]
    public async Task The_average_deal_by_manager_month_and_product_matches_the_won_deals_listed()
    {
        var director = await app.Demo("director");
        var report = await director.GetAsync("/api/v1/plans/average-deal?by=manager").Expect<AverageDealReport>();
        var won = await All<DealResponse>(director, $"/api/v1/deals?status=won&closedFrom={report.From:yyyy-MM-dd}&closedTo={report.To:yyyy-MM-dd}");
        Assert.Equal(won.Count, report.Total.Won);
        Assert.Equal(won.Sum(d => d.Amount), report.Total.Sum);
        foreach (var row in report.Rows)
        {
            var own = won.Where(d => d.OwnerId == row.Id).ToList();
            Assert.Equal(own.Count, row.Won);
            Assert.Equal(own.Sum(d => d.Amount), row.Sum);
            Assert.Equal(Money.FromMinor((long)decimal.Round(Money.ToMinor(own.Sum(d => d.Amount)) / (decimal)own.Count, 0, MidpointRounding.AwayFromZero)), row.Average);
        }
        var months = await director.GetAsync("/api/v1/plans/average-deal?by=month").Expect<AverageDealReport>();
        Assert.InRange(months.Rows.Count, 12, 13);
        Assert.Equal(won.Count, months.Rows.Sum(r => r.Won));
        Assert.Equal(won.Sum(d => d.Amount), months.Rows.Sum(r => r.Sum));

        // By product: the won deals that carry the product, with their amounts, as the deal list and the funnel cut by
        // product count them; a deal whose amount was set by hand below its lines adds its amount, not the lines.
        var deal = won.First();
        var full = await director.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
        var line = full.Lines!.First();
        var lower = await director.PutJson($"/api/v1/deals/{deal.Id}", new
        {
            version = full.Version, title = full.Title, companyId = full.CompanyId, contactId = full.ContactId, ownerId = full.OwnerId,
            amount = line.Total - 50m, source = full.Source, regionId = full.RegionId, expectedCloseDate = full.ExpectedCloseDate,
            lines = full.Lines!.Select(l => new { l.ProductId, l.Quantity, l.Price, l.DiscountPercent }),
        }).Expect<DealResponse>();
        Assert.True(lower.AmountIsManual);
        var products = await director.GetAsync("/api/v1/plans/average-deal?by=product").Expect<AverageDealReport>();
        var product = products.Rows.Single(r => r.Id == line.ProductId);
        var deals = await All<DealResponse>(director,
            $"/api/v1/deals?status=won&productId={product.Id}&closedFrom={report.From:yyyy-MM-dd}&closedTo={report.To:yyyy-MM-dd}");
        Assert.Contains(deals, d => d.Id == deal.Id && d.Amount == line.Total - 50m);
        Assert.Equal(deals.Count, product.Won);
        Assert.Equal(deals.Sum(d => d.Amount), product.Sum);
        var manager = await app.Demo("manager1");
        var mine = await manager.GetAsync("/api/v1/plans/average-deal?by=manager").Expect<AverageDealReport>();
        Assert.Single(mine.Rows);
        var bad = await director.GetAsync("/api/v1/plans/average-deal?by=weather").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("by", bad.ErrorFields());
    }
}
