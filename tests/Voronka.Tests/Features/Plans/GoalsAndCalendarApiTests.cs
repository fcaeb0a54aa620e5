using System.Net;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Plans;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Plans;

public class GoalsAndCalendarApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private static int Weekdays(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d <= to; d = d.AddDays(1)) if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        return n;
    }

    [Fact]
    public async Task Holidays_worked_weekends_and_absences_change_the_working_days_and_only_the_right_people_keep_them()
    {
        var director = await app.As("director");
        var (from, to) = (new DateOnly(2031, 3, 1), new DateOnly(2031, 3, 31));
        var plain = await director.GetAsync($"/api/v1/calendar/working-days?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}").Expect<WorkingDaysResponse>();
        Assert.Equal(Weekdays(from, to), plain.WorkingDays);

        await director.PutJson("/api/v1/calendar/days/2031-03-10", new { isWorking = false, name = "Перенос" }).Expect<CalendarDayResponse>();
        await director.PutJson("/api/v1/calendar/days/2031-03-15", new { isWorking = true }).Expect<CalendarDayResponse>();
        var bad = await director.PutJson("/api/v1/calendar/days/2031-03-11", new { isWorking = true }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("isWorking", bad.ErrorFields());
        var manager1 = await app.As("manager1");
        await manager1.PutJson("/api/v1/calendar/days/2031-03-12", new { isWorking = false }).Problem(HttpStatusCode.Forbidden);
        var days = await director.GetAsync($"/api/v1/calendar/working-days?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}").Expect<WorkingDaysResponse>();
        Assert.Equal(Weekdays(from, to) - 1 + 1, days.WorkingDays);

        // A senior keeps the absences of the team, not of the other team; the person's own working days shrink.
        var senior1 = await app.As("senior1");
        var absence = await senior1.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["manager1"], from = "2031-03-17", to = "2031-03-23", kind = "Vacation" })
            .Expect<AbsenceResponse>(HttpStatusCode.Created);
        Assert.Equal(5, absence.WorkingDays);
        await senior1.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["manager3"], from = "2031-03-17", to = "2031-03-18", kind = "Vacation" })
            .Problem(HttpStatusCode.Forbidden);
        bad = await senior1.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["manager1"], from = "2031-03-20", to = "2031-03-25", kind = "SickLeave" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("from", bad.ErrorFields());
        bad = await senior1.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["manager1"], from = "2031-03-20", to = "2031-03-19", kind = "Other" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
        var own = await director.GetAsync($"/api/v1/calendar/working-days?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&userId={app.UserIds["manager1"]}").Expect<WorkingDaysResponse>();
        Assert.Equal(days.WorkingDays - 5, own.WorkingDays);
        // The decomposition spreads the plan over the same days.
        var plan = await director.GetAsync($"/api/v1/plans/decomposition?userId={app.UserIds["manager1"]}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&target=100000").Expect<DecompositionResponse>();
        Assert.Equal(own.WorkingDays, plan.WorkingDays.Total);
        Assert.Equal("query", plan.TargetSource);
        // No won deal to size the average: the plan says it cannot be reached rather than inventing a number.
        Assert.False(plan.Reachable);
        // manager2 sees no one else's absence.
        var manager2 = await app.As("manager2");
        Assert.Empty(await manager2.GetAsync("/api/v1/calendar/absences?from=2031-01-01&to=2031-12-31").Expect<List<AbsenceResponse>>());
        Assert.Single(await manager1.GetAsync("/api/v1/calendar/absences?from=2031-01-01&to=2031-12-31").Expect<List<AbsenceResponse>>());
    }

    [Fact]
    public async Task A_year_splits_into_exact_quarters_teams_split_among_their_people_and_one_goal_per_subject_and_period()
    {
        var director = await app.As("director");
        var year = await director.PostJson("/api/v1/goals", new { periodKind = "Year", periodStart = "2032-01-01", scope = "Organisation", target = 1_000_000.03m })
            .Expect<GoalResponse>(HttpStatusCode.Created);
        var quarters = await director.GetAsync($"/api/v1/goals/{year.Id}/splits/Quarters/proposal?method=Equal").Expect<SplitProposalResponse>();
        Assert.Equal([250_000.01m, 250_000.01m, 250_000.01m, 250_000.00m], quarters.Items.Select(i => i.Target).ToArray());
        Assert.Equal([1, 4, 7, 10], quarters.Items.Select(i => i.PeriodStart.Month).ToArray());
        await director.PutJson($"/api/v1/goals/{year.Id}/splits/Quarters", new { items = quarters.Items.Select(i => new { i.PeriodStart, i.Target }) }).Expect<GoalResponse>();

        var teams = await director.GetAsync($"/api/v1/goals/{year.Id}/splits/Teams/proposal?method=Equal").Expect<SplitProposalResponse>();
        var saved = await director.PutJson($"/api/v1/goals/{year.Id}/splits/Teams", new { items = teams.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
        Assert.Equal(2, saved.Splits.Count);
        Assert.All(saved.Splits, s => Assert.Equal(0m, s.Gap));
        // No child has a won-deals target, so the splits have no sum of them either.
        Assert.All(saved.Splits, s => Assert.Null(s.WonDealsSum));

        // The senior of team A splits the team's goal among its people by working days; not the company's goal.
        var senior1 = await app.As("senior1");
        var goals = await senior1.GetAsync("/api/v1/goals?from=2032-01-01&to=2032-12-31").Expect<List<GoalResponse>>();
        var teamGoal = goals.Single(g => g.Scope == GoalScope.Team && g.SubjectId == app.TeamA);
        Assert.DoesNotContain(goals, g => g.Scope == GoalScope.Team && g.SubjectId == app.TeamB);
        await senior1.GetAsync($"/api/v1/goals/{year.Id}/splits/Managers/proposal").Problem(HttpStatusCode.Forbidden);
        var people = await senior1.GetAsync($"/api/v1/goals/{teamGoal.Id}/splits/Managers/proposal?method=WorkingDays").Expect<SplitProposalResponse>();
        Assert.Equal(new[] { app.UserIds["manager1"], app.UserIds["manager2"], app.UserIds["senior1"] }.Order(), people.Items.Select(i => i.SubjectId!.Value).Order());
        Assert.Equal(teamGoal.Target, people.Items.Sum(i => i.Target));
        await senior1.PutJson($"/api/v1/goals/{teamGoal.Id}/splits/Managers", new { items = people.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();

        // A subject has one goal per period: team A's year exists already (under the company's).
        var conflict = await director.PostJson("/api/v1/goals", new { periodKind = "Year", periodStart = "2032-01-01", scope = "Team", subjectId = app.TeamA, target = 5m })
            .Problem(HttpStatusCode.Conflict);
        Assert.Equal(teamGoal.Id, conflict.GetProperty("goalId").GetInt32());
        // Nor may manager1 get a second 2032 goal straight from the company.
        await director.PutJson($"/api/v1/goals/{year.Id}/splits/Managers", new { items = new[] { new { subjectId = app.UserIds["manager1"], target = 1m } } })
            .Problem(HttpStatusCode.Conflict);
        var unknown = await director.PutJson($"/api/v1/goals/{year.Id}/splits/Regions", new { items = new[] { new { subjectId = 999999, target = 1m } } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("items[0].subjectId", unknown.ErrorFields());

        // manager1 sees exactly the own goal.
        var manager1 = await app.As("manager1");
        var mine = Assert.Single(await manager1.GetAsync("/api/v1/goals?from=2032-01-01&to=2032-12-31").Expect<List<GoalResponse>>());
        Assert.Equal(app.UserIds["manager1"], mine.SubjectId);
        await manager1.PutJson($"/api/v1/goals/{mine.Id}", new { target = 1m, version = mine.Version }).Problem(HttpStatusCode.Forbidden);
        // The senior may edit it, with the version read; a stale version is a conflict.
        var edited = await senior1.PutJson($"/api/v1/goals/{mine.Id}", new { target = mine.Target + 100m, version = mine.Version }).Expect<GoalResponse>();
        await senior1.PutJson($"/api/v1/goals/{mine.Id}", new { target = 1m, version = mine.Version }).Problem(HttpStatusCode.Conflict);
        var team = await senior1.GetAsync($"/api/v1/goals/{teamGoal.Id}").Expect<GoalResponse>();
        Assert.Equal(-100m, team.Splits.Single().Gap);
        Assert.Equal(mine.Target + 100m, edited.Target);

        // Deleting the year deletes everything split from it, in one go.
        var delete = await director.DeleteAsync($"/api/v1/goals/{year.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await director.GetAsync($"/api/v1/goals/{teamGoal.Id}").Problem(HttpStatusCode.NotFound);
        Assert.Empty(await director.GetAsync("/api/v1/goals?from=2032-01-01&to=2032-12-31").Expect<List<GoalResponse>>());
    }

    [Fact]
    public async Task A_split_is_proposed_in_round_figures_of_the_step_asked_for_and_still_adds_up()
    {
        var director = await app.As("director");
        var year = await director.PostJson("/api/v1/goals",
                new { periodKind = "Year", periodStart = "2035-01-01", scope = "Organisation", target = 13_000_000m })
            .Expect<GoalResponse>(HttpStatusCode.Created);
        string Url(string query) => $"/api/v1/goals/{year.Id}/splits/Months/proposal?method=Equal{query}";
        // To the thousand: 1 083 333.33 a month rounds to 1 083 000, and December takes the 4 000 ₽ left.
        var thousands = await director.GetAsync(Url("&step=1000")).Expect<SplitProposalResponse>();
        Assert.Equal(1000m, thousands.Step);
        Assert.Equal([.. Enumerable.Repeat(1_083_000m, 11), 1_087_000m], thousands.Items.Select(i => i.Target).ToArray());
        Assert.Equal(13_000_000m, thousands.Items.Sum(i => i.Target));
        var rubles = await director.GetAsync(Url("&step=1")).Expect<SplitProposalResponse>();
        Assert.Equal([.. Enumerable.Repeat(1_083_333m, 11), 1_083_337m], rubles.Items.Select(i => i.Target).ToArray());
        // Without a step the split is to the kopeck, as before.
        var exact = await director.GetAsync(Url("")).Expect<SplitProposalResponse>();
        Assert.Equal(0.01m, exact.Step);
        Assert.Equal(13_000_000m, exact.Items.Sum(i => i.Target));
        Assert.Contains(1_083_333.34m, exact.Items.Select(i => i.Target));
        foreach (var bad in new[] { "0", "-1000", "0.001" })
            Assert.Contains("step", (await director.GetAsync(Url($"&step={bad}")).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        await director.DeleteAsync($"/api/v1/goals/{year.Id}");
    }

    [Fact]
    public async Task A_standalone_goal_joins_a_later_split_and_names_and_dates_out_of_range_are_refused()
    {
        var director = await app.As("director");
        var own = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = "2033-03-01", scope = "Manager", subjectId = app.UserIds["manager3"], target = 500m })
            .Expect<GoalResponse>(HttpStatusCode.Created);
        var org = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = "2033-03-01", scope = "Organisation", target = 3000m })
            .Expect<GoalResponse>(HttpStatusCode.Created);
        // Route and query names in any letter case; the proposal shows what manager3 already has.
        var p = await director.GetAsync($"/api/v1/goals/{org.Id}/splits/managers/proposal?method=equal").Expect<SplitProposalResponse>();
        Assert.Equal(500m, p.Items.Single(i => i.SubjectId == app.UserIds["manager3"]).Current);
        var saved = await director.PutJson($"/api/v1/goals/{org.Id}/splits/managers", new { items = p.Items.Select(i => new { i.SubjectId, i.Target }) }).Expect<GoalResponse>();
        Assert.Equal(0m, saved.Splits.Single().Gap);
        var joined = await director.GetAsync($"/api/v1/goals/{own.Id}").Expect<GoalResponse>();
        Assert.Equal(org.Id, joined.ParentId);
        Assert.Equal(p.Items.Single(i => i.SubjectId == app.UserIds["manager3"]).Target, joined.Target);

        var bad = await director.GetAsync($"/api/v1/goals/{org.Id}/splits/everyone/proposal").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("split", bad.ErrorFields());
        Assert.Contains("managers", bad.GetProperty("allowed").EnumerateArray().Select(x => x.GetString()));
        bad = await director.PostJson("/api/v1/goals", new { periodKind = "Year", periodStart = "9999-01-01", scope = "Organisation", target = 1m }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("periodStart", bad.ErrorFields());
        bad = await director.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["manager1"], from = "2040-01-01", to = "9999-12-31", kind = "Vacation" }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
        Assert.Empty(await director.GetAsync("/api/v1/calendar/absences?from=2040-01-01&to=2100-12-31").Expect<List<AbsenceResponse>>());
        bad = await director.GetAsync("/api/v1/kpi?from=2026-01-01&to=9999-01-01").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("to", bad.ErrorFields());
        // Plans are for people who sell, and the organisation's plan is the director's.
        bad = await director.GetAsync($"/api/v1/plans/decomposition?userId={app.UserIds["director"]}&from=2033-03-01&to=2033-03-31").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("userId", bad.ErrorFields());
        await (await app.As("manager1")).GetAsync("/api/v1/plans/decomposition?from=2033-03-01&to=2033-03-31").Problem(HttpStatusCode.Forbidden);
        bad = await director.PostJson("/api/v1/goals", new { periodKind = "Month", periodStart = "2033-04-01", scope = "Manager", subjectId = app.UserIds["assistant"], target = 1m }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("subjectId", bad.ErrorFields());
        bad = await director.PutJson("/api/v1/kpi/bonus-schemes/manager", new { isEnabled = true, ratePercent = 5m, thresholdPercent = 80m, multipliers = new[] { new { minPercent = 100m } } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("multipliers[0].code", bad.ErrorFields());
        Assert.Contains("multipliers[0].factorIfMet", bad.ErrorFields());
    }
}
