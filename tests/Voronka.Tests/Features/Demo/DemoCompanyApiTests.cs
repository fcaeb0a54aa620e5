using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Demo;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Demo;

/// <summary>The application with the demo company seeded, as `--demo` does it.</summary>
public class DemoApp : VoronkaApp
{
    public const string DemoPassword = "demo-password-1";

    /// <summary>False for an application that starts with an empty database, as on a first run.</summary>
    protected virtual bool SeedsDemo => true;

    public override async Task InitializeAsync()
    {
        Start();
        if (!SeedsDemo) return;
        using var scope = Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(DemoPassword));
    }

    public Task<HttpClient> Demo(string login) => SignInAsync(login, DemoPassword);
}

public class DemoCompanyApiTests(DemoApp app) : IClassFixture<DemoApp>
{
    private static async Task<List<DealResponse>> AllDeals(HttpClient c, string filter = "")
    {
        var all = new List<DealResponse>();
        for (var page = 1; ; page++)
        {
            var p = await c.GetAsync($"/api/v1/deals?pageSize=200&page={page}&sort=id{filter}").Expect<Page<DealResponse>>();
            all.AddRange(p.Items);
            if (all.Count >= p.Total) return all;
        }
    }

    [Fact]
    public async Task Every_demo_login_signs_in_and_sees_its_own_scope()
    {
        var director = await app.Demo("director");
        var users = await director.GetAsync("/api/v1/users").Expect<List<UserResponse>>();
        string[] logins = ["director", "senior1", "senior2", .. Enumerable.Range(1, 10).Select(i => $"manager{i}"), "assistant"];
        Assert.Equal(logins.Order(), users.Select(u => u.Login).Order());
        Assert.Equal(5, users.Count(u => u.Role == UserRole.Manager && u.TeamName == "Команда Москва"));
        Assert.Equal(5, users.Count(u => u.Role == UserRole.Manager && u.TeamName == "Команда Регионы"));

        // The scenario's deals, and one for each lead of the site form's last weeks that was taken into work.
        var total = (await director.GetAsync("/api/v1/deals?pageSize=1").Expect<Page<DealResponse>>()).Total;
        var taken = (await director.GetAsync("/api/v1/leads?status=Accepted&pageSize=1").Expect<Page<LeadResponse>>()).Total;
        Assert.InRange(taken, 5, 60);
        Assert.Equal(DemoScenario.DealCount + taken, total);
        var manager1 = await app.Demo("manager1");
        var own = await AllDeals(manager1);
        Assert.NotEmpty(own);
        Assert.All(own, d => Assert.Equal(users.Single(u => u.Login == "manager1").Id, d.OwnerId));
        var senior1 = await app.Demo("senior1");
        var team = users.Where(u => u.TeamName == "Команда Москва").Select(u => u.Id).ToHashSet();
        var teamDeals = await AllDeals(senior1);
        Assert.All(teamDeals, d => Assert.Contains(d.OwnerId, team));
        Assert.True(teamDeals.Count > own.Count);

        var assistant = await app.Demo("assistant");
        var tasks = await assistant.GetAsync($"/api/v1/tasks?assigneeId={users.Single(u => u.Login == "assistant").Id}&pageSize=200").Expect<Page<TaskResponse>>();
        Assert.NotEmpty(tasks.Items);
        var seen = await AllDeals(assistant);
        Assert.Equal(tasks.Items.Select(t => t.DealId).Distinct().Order(), seen.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task Demo_deals_are_complete_and_obey_the_stage_rules()
    {
        var director = await app.Demo("director");
        var pipeline = (await director.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault);
        Assert.Contains(pipeline.Stages, s => s.RequiredFields.Count > 0);
        var deals = await AllDeals(director);
        Assert.Contains(deals, d => d.StageKind == StageKind.Won);
        Assert.Contains(deals, d => d.StageKind == StageKind.Lost && d.LossReasonId is not null);
        Assert.Contains(deals, d => d.StageKind == StageKind.Open);
        Assert.All(deals.Where(d => d.StageKind == StageKind.Lost), d => Assert.NotNull(d.LossReasonId));
        var negotiation = pipeline.Stages.Single(s => s.RequiredFields.Contains("custom.budget_confirmed"));
        foreach (var d in deals.Where(d => d.StageId == negotiation.Id))
        {
            Assert.NotNull(d.ContactId);
            Assert.Equal("True", d.CustomFields["budget_confirmed"]!.ToString());
        }
        Assert.InRange(deals.Min(d => d.CreatedAt), app.UtcNow.AddDays(-370), app.UtcNow.AddDays(-300));

        // A sample of histories: the first entry enters from nowhere, the last one is the current stage.
        foreach (var d in deals.Where((_, i) => i % 97 == 0))
        {
            var history = await director.GetAsync($"/api/v1/deals/{d.Id}/history").Expect<DealHistoryResponse>();
            Assert.Null(history.Stages[0].FromStageId);
            Assert.Equal(d.StageId, history.Stages[^1].ToStageId);
        }

        var activities = await director.GetAsync("/api/v1/activities?pageSize=1").Expect<Page<ActivityResponse>>();
        Assert.InRange(activities.Total, 15_000, 25_000);
        var overdue = await director.GetAsync("/api/v1/tasks?overdue=true&pageSize=1").Expect<Page<TaskResponse>>();
        Assert.True(overdue.Total > 0);
    }

    [Fact]
    public async Task Seeding_again_leaves_a_populated_database_alone()
    {
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync("another-password"));
        var director = await app.Demo("director");
        var taken = (await director.GetAsync("/api/v1/leads?status=Accepted&pageSize=1").Expect<Page<LeadResponse>>()).Total;
        Assert.Equal(DemoScenario.DealCount + taken,
            (await director.GetAsync("/api/v1/deals?pageSize=1").Expect<Page<DealResponse>>()).Total);
        var response = await app.CreateClient().PostJson("/api/v1/auth/token", new { login = "manager2", password = "another-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_demo_opens_with_goals_split_to_teams_and_people_plans_and_a_month_of_daily_funnels()
    {
        var director = await app.Demo("director");
        var today = app.Today;
        foreach (var kind in new[] { PeriodKind.Year, PeriodKind.Quarter, PeriodKind.Month })
        {
            var p = Period.Containing(kind, today);
            var all = await director.GetAsync($"/api/v1/goals?from={p.Start:yyyy-MM-dd}&to={p.End:yyyy-MM-dd}&periodKind={kind}")
                .Expect<List<GoalResponse>>();
            var org = Assert.Single(all, g => g.Scope == GoalScope.Organisation && g.PeriodStart == p.Start);
            Assert.True(org.Target >= 1_000_000m);
            var teams = all.Where(g => g.Scope == GoalScope.Team && g.ParentId == org.Id).ToList();
            Assert.Equal(2, teams.Count);
            Assert.Equal(org.Target, teams.Sum(t => t.Target));
            foreach (var team in teams)
            {
                var people = all.Where(g => g.Scope == GoalScope.Manager && g.ParentId == team.Id).ToList();
                Assert.Equal(6, people.Count);
                Assert.Equal(team.Target, people.Sum(x => x.Target));
            }
        }
        var month = Period.Containing(PeriodKind.Month, today);
        var plans = await director.GetAsync($"/api/v1/kpi/plans?from={month.Start:yyyy-MM-dd}&to={month.End:yyyy-MM-dd}")
            .Expect<List<Voronka.Core.Features.Kpi.KpiPlanResponse>>();
        Assert.Equal(12, plans.Select(x => x.UserId).Distinct().Count());
        Assert.Contains(plans, x => x.Code == Voronka.Core.Features.Kpi.KpiCode.Calls && x.Value > 0);

        var snapshots = await director.GetAsync($"/api/v1/reports/snapshots?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(-1):yyyy-MM-dd}")
            .Expect<List<Voronka.Core.Features.Reports.SnapshotSummary>>();
        Assert.Equal(30, snapshots.Count);
        Assert.All(snapshots, x => Assert.True(x.Deals > 0));

        // Open deals mostly move on: about a third at most stand in their stage longer than it allows (two fifths over the
        // New Year holidays, when nobody works for days); the deals the last weeks' leads became may all still stand in
        // their first stage.
        var open = (await director.GetAsync("/api/v1/deals?status=open&pageSize=1").Expect<Page<DealResponse>>()).Total;
        var rotting = (await director.GetAsync("/api/v1/deals?status=open&rotting=true&pageSize=1").Expect<Page<DealResponse>>()).Total;
        var taken = (await director.GetAsync("/api/v1/leads?status=Accepted&pageSize=1").Expect<Page<LeadResponse>>()).Total;
        Assert.InRange(rotting, 1, (open - taken) * 2 / 5 + taken);
    }

    [Fact]
    public async Task The_demo_calendar_is_this_and_next_years_production_calendar()
    {
        var director = await app.Demo("director");
        foreach (var year in new[] { app.Today.Year, app.Today.Year + 1 })
        {
            var days = await director.GetAsync($"/api/v1/calendar/days?year={year}").Expect<List<CalendarDayResponse>>();
            Assert.Equal(ProductionCalendars.For(year).Calendar.Exceptions(), days);
        }
    }
}

public class DemoCallsTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_demo_has_recorded_calls_on_deals_with_transcripts_reviews_quotas_and_best_calls()
    {
        var m1 = await app.Demo("manager1");
        var calls = await m1.GetAsync("/api/v1/calls?pageSize=100").Expect<Page<Voronka.Core.Features.Telephony.CallResponse>>();
        var recorded = calls.Items.Where(c => c.RecordingId is not null && c.UserName == "Павел Орлов").ToList();
        Assert.Equal(3, recorded.Count);
        Assert.All(recorded, c => Assert.NotNull(c.DealId));
        Assert.All(recorded, c => Assert.NotNull(c.ActivityId));
        var audio = await m1.GetAsync($"/api/v1/recordings/{recorded[0].RecordingId}");
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("RIFF", System.Text.Encoding.ASCII.GetString((await audio.Content.ReadAsByteArrayAsync())[..4]));
        var transcript = await m1.GetAsync($"/api/v1/recordings/{recorded[0].RecordingId}/transcript")
            .Expect<Voronka.Core.Features.Telephony.TranscriptResponse>();
        Assert.True(transcript.Segments.Count >= 4);
        Assert.True(transcript.Segments.Last().End <= recorded[0].DurationSeconds);

        var director = await app.Demo("director");
        Assert.NotEmpty(await director.GetAsync("/api/v1/transcripts?q=" + Uri.EscapeDataString("дорого"))
            .Expect<Voronka.Core.Features.Telephony.TranscriptHit[]>());
        var missed = await director.GetAsync("/api/v1/calls?missed=true").Expect<Page<Voronka.Core.Features.Telephony.CallResponse>>();
        Assert.Equal(3, missed.Total);
        Assert.Single(missed.Items, c => c.LeadId is not null);

        var mine = await m1.GetAsync("/api/v1/reviews").Expect<Page<Voronka.Core.Features.Reviews.ReviewListItem>>();
        var released = Assert.Single(mine.Items);
        Assert.Equal((Voronka.Core.Features.Reviews.ReviewStatus.Released, 100m), (released.Status, released.Score));
        var week = await director.GetAsync("/api/v1/reviews/routine").Expect<Voronka.Core.Features.Reviews.RoutineResponse>();
        Assert.Equal(3, week.Reviewers.Count);
        Assert.Equal(2, (await m1.GetAsync("/api/v1/best-calls").Expect<Voronka.Core.Features.Reviews.BestCallResponse[]>()).Length);
    }
}
