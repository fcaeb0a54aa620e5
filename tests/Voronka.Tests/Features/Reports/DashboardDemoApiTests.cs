using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Reports;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Infrastructure.Http;

namespace Voronka.Tests.Features.Reports;

public class LeadScoreTests
{
    [Fact]
    public void The_score_is_the_sum_of_its_visible_parts()
    {
        // Stage 60 % → 21; amount 150 000 against an average of 100 000 → 150/200 × 20 = 15; 3 activities → 12;
        // last contact 5 days ago → 10; one meeting → 5; rotting → −10. Total 53.
        var (score, parts) = LeadScore.Score(new LeadFacts(150_000_00, 60, 3, 5, 1, true), 100_000_00);
        Assert.Equal(53m, score);
        Assert.Equal([21m, 15m, 12m, 10m, 5m, -10m], parts.Select(p => p.Points).ToArray());
        Assert.Equal(0m, LeadScore.Score(new LeadFacts(0, 0, 0, null, 0, true), 100_000_00).Score);
    }
}

/// <summary>The director's day-one dashboard on the demo company, every figure against the lists behind it.</summary>
public class DashboardDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");


    [Fact]
    public async Task The_director_sees_goals_sales_the_funnel_and_what_needs_attention()
    {
        var director = await app.Demo("director");
        var today = app.Today;
        var month = Period.Containing(PeriodKind.Month, today);
        // The demo comes with the organisation's goals; the director sets this month's to 20 million.
        var seeded = Assert.Single(await director.GetAsync($"/api/v1/goals?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&periodKind=Month&scope=Organisation")
            .Expect<List<GoalResponse>>());
        await director.PutJson($"/api/v1/goals/{seeded.Id}", new { target = 20_000_000m, version = seeded.Version }).Expect<GoalResponse>();
        var yearGoal = Assert.Single(await director.GetAsync($"/api/v1/goals?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&periodKind=Year&scope=Organisation")
            .Expect<List<GoalResponse>>());
        var d = await director.GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>();
        Assert.Equal("Organisation", d.Scope);

        foreach (var g in d.Goals)
        {
            var won = await All<DealResponse>(director, $"/api/v1/deals?status=won&closedFrom={g.From:yyyy-MM-dd}&closedTo={g.To:yyyy-MM-dd}");
            Assert.Equal(won.Sum(x => x.Amount), g.Achieved);
            Assert.Equal(won.Count, g.WonDeals);
        }
        var monthGoal = d.Goals.Single(g => g.Kind == PeriodKind.Month);
        Assert.Equal(20_000_000m, monthGoal.Target);
        Assert.Equal(decimal.Round(monthGoal.Achieved * 100m / 20_000_000m, 1, MidpointRounding.AwayFromZero), monthGoal.Percent);
        Assert.Equal(yearGoal.Target, d.Goals.Single(g => g.Kind == PeriodKind.Year).Target);
        Assert.Equal("goal", d.Goals.Single(g => g.Kind == PeriodKind.Year).TargetSource);

        var open = await All<DealResponse>(director, "/api/v1/deals?status=open");
        Assert.Equal(open.Count, d.Funnel.Deals);
        Assert.Equal(open.Sum(x => x.Amount), d.Funnel.Amount);
        Assert.Equal(Money.FromMinor((long)decimal.Round(open.Sum(x => Money.ToMinor(x.Amount) * (decimal)x.Probability) / 100m)), d.Funnel.Weighted);

        var wonThisMonth = await All<DealResponse>(director, $"/api/v1/deals?status=won&closedFrom={month.Start:yyyy-MM-dd}&closedTo={month.End:yyyy-MM-dd}");
        foreach (var m in d.Sales)
            Assert.Equal(wonThisMonth.Where(x => x.OwnerId == m.UserId).Sum(x => x.Amount), m.Revenue);
        Assert.Equal(12, d.Sales.Count);

        var overdue = await director.GetAsync("/api/v1/tasks?overdue=true&status=Open&pageSize=1").Expect<Page<TaskResponse>>();
        Assert.Equal(overdue.Total, d.Attention.OverdueTasks);
        var openTasks = await All<TaskResponse>(director, "/api/v1/tasks?status=Open");
        Assert.Equal(open.Count(x => !openTasks.Any(t => t.DealId == x.Id)), d.Attention.DealsWithoutNextTask);
        // Rotting: longer in the stage than the stage allows.
        var limits = (await director.GetAsync("/api/v1/pipelines").Expect<List<Voronka.Core.Features.Pipelines.PipelineResponse>>())
            .SelectMany(p => p.Stages).ToDictionary(s => s.Id, s => s.RottingDays);
        var rotting = open.Count(x => limits[x.StageId] is int days && (app.UtcNow - x.StageEnteredAt).TotalDays > days);
        Assert.True(rotting > 0);
        Assert.Equal(rotting, d.Attention.RottingDeals);

        var todayCalls = await director.GetAsync($"/api/v1/activities?type=Call&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&pageSize=1").Expect<Page<ActivityResponse>>();
        Assert.Equal(todayCalls.Total, d.Activity.Single(a => a.Window == "today").Done.Calls);

        // Hot leads: ranked by a score that is the sum of its parts, the stage part from the deal's probability.
        Assert.Equal(10, d.HotLeads.Count);
        Assert.Equal(d.HotLeads.Select(h => h.Score).OrderDescending(), d.HotLeads.Select(h => h.Score));
        foreach (var h in d.HotLeads)
        {
            Assert.Equal(Math.Max(0, h.Reasons.Sum(r => r.Points)), h.Score);
            var deal = open.Single(x => x.Id == h.DealId);
            Assert.Equal(decimal.Round(deal.Probability * 0.35m, 1), h.Reasons.Single(r => r.Code == "stage").Points);
        }
    }

    [Theory]
    [InlineData("director")]
    [InlineData("senior1")]
    [InlineData("manager1")]
    public async Task Every_counter_opens_the_list_behind_it_and_the_lists_total_is_the_number(string login)
    {
        var client = await app.Demo(login);
        var d = await client.GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>();
        async Task<int> Total(string url)
        {
            Assert.StartsWith(ListUrls.Prefix, url);
            return (await client.GetAsync($"{url}&pageSize=1").Expect<Page<System.Text.Json.JsonElement>>()).Total;
        }
        async Task Deals(string url, int count, decimal amount)
        {
            Assert.StartsWith(ListUrls.Prefix, url);
            var deals = await All<DealResponse>(client, url);
            Assert.Equal(count, deals.Count);
            Assert.Equal(amount, deals.Sum(x => x.Amount));
            // The list's own summary says the same: what the deal page shows above the rows.
            var summary = await client.GetAsync($"{url}&pageSize=1").Expect<DealListResponse>();
            Assert.Equal(count, summary.Total);
            Assert.Equal(amount, summary.Amounts.Sum(m => m.Amount));
        }

        Assert.Equal(3, d.Goals.Count);
        foreach (var g in d.Goals) await Deals(g.ListUrl, g.WonDeals, g.Achieved);
        await Deals(d.Funnel.ListUrl, d.Funnel.Deals, d.Funnel.Amount);
        Assert.NotEmpty(d.Sales);
        foreach (var m in d.Sales) await Deals(m.ListUrl, m.WonDeals, m.Revenue);
        Assert.Equal(3, d.Activity.Count);
        foreach (var w in d.Activity)
        {
            Assert.Equal(w.Done.Calls, await Total(w.Links.Calls));
            Assert.Equal(w.Done.Meetings, await Total(w.Links.Meetings));
            Assert.Equal(w.Done.Proposals, await Total(w.Links.Proposals));
            Assert.Equal(w.Done.Presales, await Total(w.Links.Presales));
            Assert.Equal(w.Done.NewDeals, await Total(w.Links.NewDeals));
        }
        Assert.Equal(d.Attention.OverdueTasks, await Total(d.Attention.OverdueTasksUrl));
        Assert.Equal(d.Attention.DealsWithoutNextTask, await Total(d.Attention.DealsWithoutNextTaskUrl));
        Assert.Equal(d.Attention.RottingDeals, await Total(d.Attention.RottingDealsUrl));
        // The demo has something behind every attention counter, so the lists are not empty by accident.
        Assert.True(d.Attention.OverdueTasks > 0 && d.Attention.DealsWithoutNextTask > 0 && d.Attention.RottingDeals > 0);
    }

    [Theory]
    [InlineData("manager1")]
    [InlineData("senior1")]
    public async Task Revenue_percent_and_pace_are_the_same_on_the_dashboard_the_kpi_board_the_goals_list_and_my_plan(string login)
    {
        var client = await app.Demo(login);
        var users = await (await app.Demo("director")).GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var me = users.Single(u => u.Login == login);
        var month = Period.Containing(PeriodKind.Month, app.Today);
        var range = $"from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}";
        // A manager is measured against the own goal, a senior against the team's.
        var (scope, subject, whose) = login.StartsWith("senior") ? ("Team", me.TeamId, $"teamId={me.TeamId}") : ("Manager",
            (int?)me.Id, $"userId={me.Id}");

        var dashboard = (await client.GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>())
            .Goals.Single(g => g.Kind == PeriodKind.Month);
        var goal = Assert.Single(await client.GetAsync($"/api/v1/goals?{range}&periodKind=Month&scope={scope}")
            .Expect<List<GoalResponse>>(),
            g => g.SubjectId == subject);
        var plan = await client.GetAsync($"/api/v1/plans/decomposition?{whose}&{range}")
            .Expect<Voronka.Core.Features.Plans.DecompositionResponse>();
        var board = await client.GetAsync($"/api/v1/kpi?{range}").Expect<Voronka.Core.Features.Kpi.KpiBoardResponse>();
        var row = scope == "Team" ? board.Total : board.Rows.Single(r => r.UserId == me.Id);
        var revenue = row.Cells.Single(c => c.Code == Voronka.Core.Features.Kpi.KpiCode.Revenue);
        var won = row.Cells.Single(c => c.Code == Voronka.Core.Features.Kpi.KpiCode.WonDeals);

        Assert.Equal(goal.Id, dashboard.GoalId);
        Assert.True(goal.Target > 0);
        Assert.All(new decimal?[] { dashboard.Target, plan.Target, revenue.Plan }, t => Assert.Equal(goal.Target, t));
        Assert.All(new[] { dashboard.Achieved, plan.Achieved, revenue.Fact }, a => Assert.Equal(goal.Achieved, a));
        Assert.All(new decimal[] { dashboard.WonDeals, plan.WonSoFar, won.Fact }, n => Assert.Equal(goal.WonDeals, n));
        Assert.Equal(revenue.Percent, dashboard.Percent);
        Assert.Equal(revenue.Expected, dashboard.Expected);
    }

    [Fact]
    public async Task The_task_list_filters_by_state_and_team_and_a_senior_sees_the_team_only()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var senior1 = users.Single(u => u.Login == "senior1");
        var open = await All<TaskResponse>(director, "/api/v1/tasks?status=open");
        var now = app.UtcNow;
        var endOfToday = OrgTime.StartOfDayUtc(OrgTime.Today(now, Moscow).AddDays(1), Moscow);
        async Task<int> Total(HttpClient c,
            string query) => (await c.GetAsync($"/api/v1/tasks?{query}&pageSize=1").Expect<Page<TaskResponse>>()).Total;
        // Tasks due within the test's few seconds may move from one state to the next: compare with a margin of them.
        var soon = open.Count(t => Math.Abs((t.DueAt - now).TotalMinutes) < 5);
        Assert.InRange(await Total(director, "status=overdue"), open.Count(t => t.DueAt < now) - soon,
            open.Count(t => t.DueAt < now) + soon);
        Assert.Equal(open.Count(t => t.DueAt >= endOfToday), await Total(director, "status=upcoming"));
        Assert.Equal(open.Count, await Total(director, "status=overdue") + await Total(director,
            "status=today") + await Total(director, "status=upcoming"));
        var team = open.Where(t => users.Single(u => u.Id == t.AssigneeId).TeamId == senior1.TeamId).ToList();
        Assert.NotEmpty(team);
        Assert.Equal(team.Count, await Total(director, $"status=open&teamId={senior1.TeamId}"));
        // A senior sees the team's tasks and those on the team's deals, never another team's.
        var senior = await app.Demo("senior1");
        var seen = await All<TaskResponse>(senior, "/api/v1/tasks?status=open");
        Assert.All(seen, t => Assert.True(t.AssigneeId == senior1.Id || team.Any(x => x.Id == t.Id)
            || users.Single(u => u.Id == t.AssigneeId).Role == UserRole.Assistant));
        var bad = await director.GetAsync("/api/v1/tasks?status=late").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("status", bad.ErrorFields());
        bad = await director.GetAsync("/api/v1/deals?nextTask=some").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("nextTask", bad.ErrorFields());
    }

    [Fact]
    public async Task A_team_without_a_goal_of_its_own_is_measured_against_its_peoples_goals()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var senior2 = users.Single(u => u.Login == "senior2");
        var month = Period.Containing(PeriodKind.Month, app.Today);
        // The demo's team goal of the month goes, with its people's goals; two of them get goals of their own.
        var teamGoal = Assert.Single(await director.GetAsync($"/api/v1/goals?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}&periodKind=Month&scope=Team")
            .Expect<List<GoalResponse>>(), x => x.SubjectId == senior2.TeamId);
        (await director.DeleteAsync($"/api/v1/goals/{teamGoal.Id}")).EnsureSuccessStatusCode();
        var members = users.Where(u => u.TeamId == senior2.TeamId && u.Role == UserRole.Manager).Take(2).ToList();
        foreach (var (m, target) in members.Zip([1_000_000m, 2_500_000m]))
            await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = month.Start, scope = "Manager",
                subjectId = m.Id, target })
                .Expect<GoalResponse>(HttpStatusCode.Created);
        var d = await (await app.Demo("senior2")).GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>();
        var g = d.Goals.Single(x => x.Kind == PeriodKind.Month);
        Assert.Equal("people", g.TargetSource);
        Assert.Null(g.GoalId);
        Assert.Equal(3_500_000m, g.Target);
        Assert.Equal(decimal.Round(g.Achieved * 100m / 3_500_000m, 1, MidpointRounding.AwayFromZero), g.Percent);
        Assert.Equal("goal", d.Goals.Single(x => x.Kind == PeriodKind.Year).TargetSource);
    }

    [Fact]
    public async Task Hot_leads_are_the_open_deals_with_the_highest_score_counted_from_the_lists()
    {
        var director = await app.Demo("director");
        var now = app.UtcNow;
        var today = OrgTime.Today(now, Moscow);
        var leads = await director.GetAsync("/api/v1/reports/hot-leads?take=25").Expect<List<HotLead>>();

        // Every open deal scored from the deal list, the stages and the activities of the last month.
        var open = await All<DealResponse>(director, "/api/v1/deals?status=open");
        var stages = (await director.GetAsync("/api/v1/pipelines").Expect<List<Voronka.Core.Features.Pipelines.PipelineResponse>>())
            .SelectMany(p => p.Stages).ToDictionary(s => s.Id);
        var won = (await All<DealResponse>(director, $"/api/v1/deals?status=won&closedFrom={today.AddYears(-1).AddDays(-1):yyyy-MM-dd}"))
            .Where(x => x.ClosedAt >= now.AddYears(-1)).ToList();
        var average = won.Count == 0 ? 0 : won.Sum(x => Money.ToMinor(x.Amount)) / won.Count;
        var acts = (await All<ActivityResponse>(director, $"/api/v1/activities?from={today.AddDays(-31):yyyy-MM-dd}"))
            .Where(a => a.DealId is not null).ToLookup(a => a.DealId!.Value);
        var expected = open.Select(x =>
            {
                var mine = acts[x.Id].ToList();
                var last = mine.Count == 0 ? (DateTime?)null : mine.Max(a => a.OccurredAt);
                var facts = new LeadFacts(Money.ToMinor(x.Amount), x.Probability, mine.Count(a => a.OccurredAt >= now.AddDays(-14)),
                    last is DateTime l && l >= now.AddDays(-30) ? Math.Max(0, (int)(now - l).TotalDays) : null,
                    mine.Count(a => a.OccurredAt >= now.AddDays(-30) && (a.Type == ActivityType.Meeting || (a.Type == ActivityType.Call && a.Direction == CallDirection.Incoming))),
                    stages[x.StageId].RottingDays is int days && (now - x.StageEnteredAt).TotalDays > days);
                return (x.Id, x.Amount, LeadScore.Score(facts, average).Score);
            })
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Amount).ThenBy(x => x.Id).Take(25).ToList();

        Assert.Equal(expected.Select(x => (x.Id, x.Score)), leads.Select(l => (l.DealId, l.Score)));
    }

    [Fact]
    public async Task A_manager_sees_the_own_picture_and_the_assistant_none()
    {
        var manager = await app.Demo("manager3");
        var d = await manager.GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>();
        Assert.Equal("Manager", d.Scope);
        var me = Assert.Single(d.Sales);
        var own = await manager.GetAsync("/api/v1/deals?status=open&pageSize=1").Expect<Page<DealResponse>>();
        Assert.Equal(own.Total, d.Funnel.Deals);
        Assert.All(d.HotLeads, h => Assert.Equal(me.UserId, h.OwnerId));
        await (await app.Demo("assistant")).GetAsync("/api/v1/reports/dashboard").Problem(HttpStatusCode.Forbidden);
        var bad = await manager.GetAsync("/api/v1/reports/hot-leads?take=0").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("take", bad.ErrorFields());
    }

    [Fact]
    public async Task The_director_chooses_the_dashboards_blocks_for_everyone()
    {
        var director = await app.Demo("director");
        var bad = await director.PutJson("/api/v1/reports/dashboard/widgets", new { widgets = new[] { "goals", "weather" } }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("widgets[1]", bad.ErrorFields());
        await (await app.Demo("senior1")).PutJson("/api/v1/reports/dashboard/widgets", new { widgets = new[] { "goals" } }).Problem(HttpStatusCode.Forbidden);
        await director.PutJson("/api/v1/reports/dashboard/widgets", new { widgets = new[] { "funnel", "goals" } }).Expect<List<string>>();
        var manager = await (await app.Demo("manager1")).GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>();
        Assert.Equal(["goals", "funnel"], manager.Widgets);
        Assert.Empty(manager.HotLeads);
        Assert.Empty(manager.Activity);
        var all = await director.PutJson("/api/v1/reports/dashboard/widgets",
            new { widgets = DashboardService.Widgets }).Expect<List<string>>();
        Assert.Contains("charts", all);
    }
}

/// <summary>The daily funnel report: taken once a day, kept, and compared with the day before.</summary>
public class SnapshotsDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task Todays_snapshot_matches_the_open_deals_and_shows_the_change_since_yesterday()
    {
        var director = await app.Demo("director");
        var taken = await director.PostAsync("/api/v1/reports/snapshots", null).Expect<SnapshotResponse>();
        var open = new List<DealResponse>();
        for (var page = 1; ; page++)
        {
            var p = await director.GetAsync($"/api/v1/deals?status=open&pageSize=200&page={page}").Expect<Page<DealResponse>>();
            open.AddRange(p.Items);
            if (open.Count >= p.Total) break;
        }
        Assert.Equal(open.Count, taken.Total.Deals);
        Assert.Equal(open.Sum(d => d.Amount), taken.Total.Amount);
        foreach (var m in taken.Managers)
            foreach (var c in m.Stages)
                Assert.Equal(open.Count(d => d.OwnerId == m.OwnerId && d.StageId == c.StageId), c.Deals);
        // The demo keeps the mornings of the last 30 days, rebuilt from the stage history.
        Assert.Equal(taken.Day.AddDays(-1), taken.PreviousDay);
        // Taking it again the same day changes nothing.
        var again = await director.PostAsync("/api/v1/reports/snapshots", null).Expect<SnapshotResponse>();
        Assert.Equal(taken.TakenAt, again.TakenAt);

        // Yesterday's, made today's with one deal fewer for the first manager in the first stage.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Voronka.Core.Data.VoronkaDbContext>>().CreateDbContext();
            var yesterday = taken.Day.AddDays(-1);
            db.FunnelSnapshots.Remove(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.FunnelSnapshots, x => x.Day == yesterday));
            await db.SaveChangesAsync();
            var first = taken.Managers[0];
            var cell = first.Stages.First(c => c.Deals > 0);
            db.FunnelSnapshots.Add(new FunnelSnapshot
            {
                Day = yesterday, TakenAt = taken.TakenAt.AddDays(-1),
                Rows = taken.Managers.SelectMany(m => m.Stages.Where(c => c.Deals > 0).Select(c => new FunnelSnapshotRow
                {
                    OwnerId = m.OwnerId!.Value, StageId = c.StageId, Deals = m == first && c == cell ? c.Deals - 1 : c.Deals, AmountMinor = Money.ToMinor(c.Amount),
                })).ToList(),
            });
            await db.SaveChangesAsync();
        }
        var today = await director.GetAsync($"/api/v1/reports/snapshots/{taken.Day:yyyy-MM-dd}").Expect<SnapshotResponse>();
        Assert.Equal(taken.Day.AddDays(-1), today.PreviousDay);
        Assert.Equal(1, today.Total.DealsChange);
        Assert.Equal(1, today.Managers[0].DealsChange);
        Assert.All(today.Managers.Skip(1), m => Assert.Equal(0, m.DealsChange));
        var list = await director.GetAsync($"/api/v1/reports/snapshots?from={taken.Day.AddDays(-40):yyyy-MM-dd}&to={taken.Day:yyyy-MM-dd}")
            .Expect<List<SnapshotSummary>>();
        Assert.Equal(31, list.Count);
        Assert.Equal(Enumerable.Range(0, 31).Select(i => taken.Day.AddDays(-i)), list.Select(x => x.Day).OrderDescending());

        // A manager sees the own rows only; only the director takes one by hand.
        var manager = await app.Demo("manager2");
        var own = await manager.GetAsync($"/api/v1/reports/snapshots/{taken.Day:yyyy-MM-dd}").Expect<SnapshotResponse>();
        Assert.Single(own.Managers);
        Assert.Equal(open.Count(d => d.OwnerId == own.Managers[0].OwnerId), own.Total.Deals);
        await manager.PostAsync("/api/v1/reports/snapshots", null).Problem(HttpStatusCode.Forbidden);
        await director.GetAsync("/api/v1/reports/snapshots/2001-01-01").Problem(HttpStatusCode.NotFound);
    }
}
