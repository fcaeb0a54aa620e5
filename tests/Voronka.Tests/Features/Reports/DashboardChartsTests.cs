using System.Net.Http.Json;
using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Reports;
using Voronka.Tests.Features.Demo;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Infrastructure.Http;

namespace Voronka.Tests.Features.Reports;

/// <summary>The arithmetic behind the dashboard's charts, on worked examples.</summary>
public class DashboardChartsMathTests
{
    [Fact]
    public void The_running_sum_carries_over_days_without_sales()
    {
        // 100 won on the 2nd and 50.50 on the 4th: 0, 100, 100, 150.50, 150.50 at the end of the 1st to the 5th.
        var sales = new Dictionary<DateOnly, decimal> { [new(2026, 3, 2)] = 100m, [new(2026, 3, 4)] = 50.5m, [new(2026, 3, 9)] = 7m };
        Assert.Equal([0m, 100m, 100m, 150.5m, 150.5m], ChartMath.Cumulative(new(2026, 3, 1), new(2026, 3, 5), sales));
        Assert.Empty(ChartMath.Cumulative(new(2026, 3, 2), new(2026, 3, 1), sales));
    }

    [Fact]
    public void The_pace_line_climbs_on_working_days_and_reaches_the_target_on_the_last_one()
    {
        // 2–8 November 2026: Wednesday the 4th is a holiday, so Mon, Tue, Thu and Fri are the 4 working days.
        // 1 000 × 1/4, 2/4, 2/4 (holiday), 3/4, 4/4, then level over the weekend.
        var calendar = new WorkCalendar([new DateOnly(2026, 11, 4)]);
        Assert.Equal([250m, 500m, 500m, 750m, 1000m, 1000m, 1000m],
            ChartMath.PaceLine(1000m, calendar, new(2026, 11, 2), new(2026, 11, 8)));
        // 100 over three working days rounds to kopecks: 33.33, 66.67, 100.
        Assert.Equal([33.33m, 66.67m, 100m], ChartMath.PaceLine(100m, new WorkCalendar(), new(2026, 11, 9), new(2026, 11, 11)));
        // A Saturday starts the line at nothing.
        Assert.Equal([0m, 0m, 50m, 100m], ChartMath.PaceLine(100m, new WorkCalendar(), new(2026, 11, 7), new(2026, 11, 10)));
    }

    [Fact]
    public void Coverage_is_won_and_weighted_pipeline_against_the_goal()
    {
        // Won 400 000 and 300 000 weighted against 1 000 000: 70 % covered, 300 000 still to find.
        Assert.Equal(70m, ChartMath.CoveragePercent(400_000m, 300_000m, 1_000_000m));
        Assert.Equal(300_000m, ChartMath.Gap(400_000m, 300_000m, 1_000_000m));
        // Over the goal: 120 %, nothing left.
        Assert.Equal(120m, ChartMath.CoveragePercent(900_000m, 300_000m, 1_000_000m));
        Assert.Equal(0m, ChartMath.Gap(900_000m, 300_000m, 1_000_000m));
        // 2 of 3: one decimal.
        Assert.Equal(66.7m, ChartMath.CoveragePercent(1m, 1m, 3m));
        Assert.Null(ChartMath.CoveragePercent(1m, 1m, null));
        Assert.Null(ChartMath.Gap(1m, 1m, null));
        // 123.45 ₽ at 35 %: 12 345 kopecks × 35 = 432 075 → 4 320.75 → 4 321 kopecks; halves go to even.
        Assert.Equal(4321, ChartMath.WeightedMinor(12_345 * 35));
        Assert.Equal(0, ChartMath.WeightedMinor(50));
        Assert.Equal(2, ChartMath.WeightedMinor(150));
    }
}

/// <summary>The dashboard's charts on the demo company, every series against the lists behind it, for the director,
/// a senior (the team) and a manager (self).</summary>
public class DashboardChartsDemoApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    [Fact]
    public async Task The_director_sees_the_organisations_charts()
    {
        var director = await app.Demo("director");
        var today = app.Today;
        var month = Period.Containing(PeriodKind.Month, today);
        var quarter = Period.Containing(PeriodKind.Quarter, today);
        await CreateGoal(director, month, GoalScope.Organisation, null, 30_000_000m);
        await CreateGoal(director, quarter, GoalScope.Organisation, null, 90_000_000m);
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var sellers = Sellers(users);
        await CreateGoal(director, month, GoalScope.Manager, sellers[0], 2_500_000m);
        await CreateGoal(director, Period.Containing(PeriodKind.Year, today), GoalScope.Manager, sellers[1], 40_000_000m);

        foreach (var period in new[] { "month", "quarter", "year" })
        {
            var charts = await director.GetAsync($"/api/v1/reports/dashboard/charts?period={period}").Expect<DashboardChartsResponse>();
            Assert.Equal("Organisation", charts.Scope);
            Assert.Equal(12, charts.PlanFact.People.Count);
            await CheckAsync(director, director, charts, sellers, GoalScope.Organisation, null);
        }
    }

    [Fact]
    public async Task A_senior_sees_the_teams_charts()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var me = users.Single(u => u.Login == "senior1");
        var team = Sellers(users).Where(id => users.Single(u => u.Id == id).TeamId == me.TeamId).ToList();
        await CreateGoal(director, Period.Containing(PeriodKind.Month, app.Today), GoalScope.Team, me.TeamId, 12_000_000m);
        await CreateGoal(director, Period.Containing(PeriodKind.Quarter, app.Today), GoalScope.Manager, team[0], 9_000_000m);

        var senior = await app.Demo("senior1");
        foreach (var period in new[] { "month", "quarter" })
        {
            var charts = await senior.GetAsync($"/api/v1/reports/dashboard/charts?period={period}").Expect<DashboardChartsResponse>();
            Assert.Equal("Team", charts.Scope);
            Assert.Equal(me.TeamName, charts.ScopeName);
            Assert.Equal(6, charts.PlanFact.People.Count);
            await CheckAsync(senior, director, charts, team, GoalScope.Team, me.TeamId);
        }
    }

    [Fact]
    public async Task A_manager_sees_the_own_charts_and_the_assistant_none()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        var me = users.Single(u => u.Login == "manager3");
        await CreateGoal(director, Period.Containing(PeriodKind.Month, app.Today), GoalScope.Manager, me.Id, 3_000_000m);
        await CreateGoal(director, Period.Containing(PeriodKind.Quarter, app.Today), GoalScope.Manager, me.Id, 8_000_000m);

        var manager = await app.Demo("manager3");
        var charts = await manager.GetAsync("/api/v1/reports/dashboard/charts?period=quarter").Expect<DashboardChartsResponse>();
        Assert.Equal("Manager", charts.Scope);
        Assert.Equal(me.FullName, charts.ScopeName);
        Assert.Equal(me.Id, Assert.Single(charts.PlanFact.People).UserId);
        Assert.Equal(8_000_000m, charts.PlanFact.People[0].Target);
        await CheckAsync(manager, director, charts, [me.Id], GoalScope.Manager, me.Id);
        // Without a period it is the month.
        var byDefault = await manager.GetAsync("/api/v1/reports/dashboard/charts").Expect<DashboardChartsResponse>();
        Assert.Equal(PeriodKind.Month, byDefault.PlanFact.Kind);
        Assert.Equal(3_000_000m, byDefault.PlanFact.People[0].Target);

        var bad = await manager.GetAsync("/api/v1/reports/dashboard/charts?period=week").Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["period"], bad.ErrorFields());
        await (await app.Demo("assistant")).GetAsync("/api/v1/reports/dashboard/charts").Problem(HttpStatusCode.Forbidden);
    }

    /// <summary>Sets the subject's goal of the period: a new one, or the target of the one there (the demo has some).</summary>
    private static async Task CreateGoal(HttpClient director, Period p, GoalScope scope, int? subjectId, decimal target)
    {
        var response = await director.PostJson("/api/v1/goals",
            new { periodKind = p.Kind.ToString(), periodStart = p.Start, scope = scope.ToString(), subjectId, target });
        if (response.StatusCode == HttpStatusCode.Created) return;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("goalId").GetInt32();
        var goal = await director.GetAsync($"/api/v1/goals/{id}").Expect<GoalResponse>();
        await director.PutJson($"/api/v1/goals/{id}", new { target, version = goal.Version }).Expect<GoalResponse>();
    }

    /// <summary>Active managers and seniors, the people the charts count.</summary>
    private static List<int> Sellers(List<UserResponse> users) =>
        users.Where(u => u.IsActive && u.Role is UserRole.Manager or UserRole.Senior).OrderBy(u => u.Login).Select(u => u.Id).ToList();

    private static DateOnly Day(DateTime utc) => OrgTime.Today(utc, Moscow);

    /// <summary>Every series against the lists the actor's client gives (so the actor's scope), the goals and the calendar.</summary>
    private static async Task CheckAsync(
        HttpClient actor, HttpClient director, DashboardChartsResponse charts, IReadOnlyCollection<int> sellers,
        GoalScope subject, int? subjectId)
    {
        var today = charts.Today;
        var year = Period.Containing(PeriodKind.Year, today);
        var goals = await director.GetAsync($"/api/v1/goals?from={year.Start.AddYears(-1):yyyy-MM-dd}&to={year.End:yyyy-MM-dd}")
            .Expect<List<GoalResponse>>();
        decimal? TargetOf(GoalScope scope, int? id, Period p) =>
            goals.SingleOrDefault(g => g.Scope == scope && g.SubjectId == id && g.PeriodKind == p.Kind && g.PeriodStart == p.Start)?.Target;
        var quarter = Period.Containing(PeriodKind.Quarter, today);
        var working = await WorkingDaysAsync(director, quarter.Start.AddDays(-31), quarter.End);

        // 1. Won revenue day by day against the pace line to the goal, for the month and the quarter.
        Assert.Equal([PeriodKind.Month, PeriodKind.Quarter], charts.Pace.Select(p => p.Kind));
        foreach (var pace in charts.Pace)
        {
            var p = Period.Containing(pace.Kind, today);
            Assert.Equal((p.Start, p.End), (pace.From, pace.To));
            var won = await All<DealResponse>(actor, $"/api/v1/deals?status=won&{Closed(p.Start, today)}");
            var target = TargetOf(subject, subjectId, p);
            Assert.Equal(target, pace.Target);
            var total = Days(p.Start, p.End).Count(working.Contains);
            Assert.Equal(total, pace.WorkingDays);
            Assert.Equal(Days(p.Start, p.End), pace.Days.Select(d => d.Day));
            var (sum, gone) = (0m, 0);
            foreach (var d in pace.Days)
            {
                sum += won.Where(x => Day(x.ClosedAt!.Value) == d.Day).Sum(x => x.Amount);
                if (working.Contains(d.Day)) gone++;
                Assert.Equal(working.Contains(d.Day), d.IsWorkingDay);
                Assert.Equal(d.Day <= today ? sum : (decimal?)null, d.Won);
                var line = target is decimal t ? decimal.Round(t * gone / total, 2, MidpointRounding.AwayFromZero) : (decimal?)null;
                Assert.Equal(line, d.Goal);
            }
            Assert.Equal(won.Sum(x => x.Amount), pace.Days.Last(d => d.Won is not null).Won);
        }

        // 2. Plan against fact per seller for the period asked.
        var period = Period.Containing(charts.PlanFact.Kind, today);
        Assert.Equal((period.Start, period.End), (charts.PlanFact.From, charts.PlanFact.To));
        Assert.Equal(sellers.Order(), charts.PlanFact.People.Select(x => x.UserId).Order());
        var wonInPeriod = await All<DealResponse>(actor, $"/api/v1/deals?status=won&{Closed(period.Start, period.End)}");
        foreach (var person in charts.PlanFact.People)
        {
            var own = wonInPeriod.Where(x => x.OwnerId == person.UserId).ToList();
            Assert.Equal(own.Sum(x => x.Amount), person.Won);
            Assert.Equal(own.Count, person.WonDeals);
            Assert.Equal(TargetOf(GoalScope.Manager, person.UserId, period), person.Target);
            Assert.Equal(Percent(person.Won, person.Target), person.Percent);
        }
        Assert.Equal(charts.PlanFact.People.Select(x => x.Won).OrderDescending(), charts.PlanFact.People.Select(x => x.Won));

        // 3. Open deals per open stage of the default pipeline.
        var pipelines = await director.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>();
        var pipeline = pipelines.Single(x => x.Id == charts.Funnel.PipelineId);
        Assert.True(pipeline.IsDefault);
        var stages = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        Assert.Equal(stages.Select(s => s.Id), charts.Funnel.Stages.Select(s => s.StageId));
        var open = await All<DealResponse>(actor, "/api/v1/deals?status=open");
        foreach (var bar in charts.Funnel.Stages)
        {
            var inStage = open.Where(x => x.StageId == bar.StageId).ToList();
            Assert.Equal(inStage.Count, bar.Deals);
            Assert.Equal(inStage.Sum(x => x.Amount), bar.Amount);
            Assert.Equal(Weighted(inStage), bar.Weighted);
        }

        // 4. Calls and meetings per working day of the last four weeks, of the sellers in scope.
        var from = today.AddDays(-27);
        Assert.Equal((from, today), (charts.Activity.From, charts.Activity.To));
        Assert.Equal(Days(from, today).Where(working.Contains), charts.Activity.Days.Select(d => d.Day));
        var calls = await All<ActivityResponse>(actor, $"/api/v1/activities?type=Call&from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        var meetings = await All<ActivityResponse>(actor, $"/api/v1/activities?type=Meeting&from={from:yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        foreach (var d in charts.Activity.Days)
        {
            Assert.Equal(calls.Count(a => sellers.Contains(a.UserId) && Day(a.OccurredAt) == d.Day), d.Calls);
            Assert.Equal(meetings.Count(a => sellers.Contains(a.UserId) && Day(a.OccurredAt) == d.Day), d.Meetings);
        }

        // 5. The forecast: won in the period plus the open deals expected to close in it, weighted, against the goal.
        Assert.Equal([PeriodKind.Month, PeriodKind.Quarter], charts.Forecast.Select(p => p.Kind));
        foreach (var f in charts.Forecast)
        {
            var p = Period.Containing(f.Kind, today);
            Assert.Equal((p.Start, p.End), (f.From, f.To));
            var won = await All<DealResponse>(actor, $"/api/v1/deals?status=won&{Closed(p.Start, p.End)}");
            var expected = await All<DealResponse>(actor,
                $"/api/v1/deals?status=open&expectedCloseFrom={p.Start:yyyy-MM-dd}&expectedCloseTo={p.End:yyyy-MM-dd}");
            Assert.All(expected, x => Assert.InRange(x.ExpectedCloseDate!.Value, p.Start, p.End));
            var target = TargetOf(subject, subjectId, p);
            var weighted = Weighted(expected);
            Assert.Equal(target, f.Target);
            Assert.Equal(won.Sum(x => x.Amount), f.Won);
            Assert.Equal(won.Count, f.WonDeals);
            Assert.Equal(expected.Count, f.OpenDeals);
            Assert.Equal(expected.Sum(x => x.Amount), f.OpenAmount);
            Assert.Equal(weighted, f.Weighted);
            Assert.Equal(f.Won + weighted, f.Forecast);
            Assert.Equal(target is decimal t ? Math.Max(0, t - f.Forecast) : (decimal?)null, f.Gap);
            Assert.Equal(Percent(f.Forecast, target), f.CoveragePercent);
        }
    }

    private static string Closed(DateOnly from, DateOnly to) => $"closedFrom={from:yyyy-MM-dd}&closedTo={to:yyyy-MM-dd}";

    /// <summary>Σ amount × probability in kopecks ÷ 100, rounded once (half to even), as the dashboard's weighted funnel.</summary>
    private static decimal Weighted(IEnumerable<DealResponse> deals) =>
        Money.FromMinor((long)decimal.Round(deals.Sum(x => Money.ToMinor(x.Amount) * (decimal)x.Probability) / 100m));

    private static decimal? Percent(decimal fact, decimal? target) =>
        target is > 0 ? decimal.Round(fact * 100m / target.Value, 1, MidpointRounding.AwayFromZero) : null;

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    /// <summary>The organisation's working days in [from, to]: weekdays unless the calendar sets a day off, and the
    /// weekend days the calendar makes working.</summary>
    private static async Task<HashSet<DateOnly>> WorkingDaysAsync(HttpClient director, DateOnly from, DateOnly to)
    {
        var set = new Dictionary<DateOnly, bool>();
        for (var y = from.Year; y <= to.Year; y++)
            foreach (var d in await director.GetAsync($"/api/v1/calendar/days?year={y}").Expect<List<CalendarDayResponse>>())
                set[d.Date] = d.IsWorking;
        return Days(from, to)
            .Where(d => set.TryGetValue(d, out var w) ? w : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToHashSet();
    }
}
