using System.Net;
using System.Text.Json;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Meetings;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;
using Voronka.Core.Features.Reviews;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Meetings;

/// <summary>A company of its own for meetings.</summary>
public class MeetingApp : VoronkaApp;

public class MeetingApiTests(MeetingApp app) : IClassFixture<MeetingApp>
{
    [Fact]
    public async Task A_seniors_meeting_freezes_an_agenda_equal_to_the_reports_of_the_team_for_the_same_period()
    {
        var m1 = await app.As("manager1");
        var m3 = await app.As("manager3");
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var open = stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Position).ToList();
        foreach (var (who, title) in new[] { (m1, "Команда А: станки"), (m3, "Команда Б: станки") })
        {
            var deal = await who.PostJson("/api/v1/deals", new { title, amount = 100000 }).Expect<DealResponse>(HttpStatusCode.Created);
            await who.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing",
                callResult = "Connected",
                durationSeconds = 300 }).Expect<ActivityResponse>(HttpStatusCode.Created);
            await who.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = open[1].Id,
                version = deal.Version }).Expect<DealResponse>();
        }

        var senior = await app.As("senior1");
        var series = await senior.PostJson("/api/v1/meeting-series", new { name = "Планёрка команды А" })
            .Expect<SeriesResponse>(HttpStatusCode.Created);
        Assert.Equal(app.TeamA, series.TeamId);
        await senior.PostJson("/api/v1/meeting-series", new { name = "Чужая", teamId = app.TeamB }).Problem(HttpStatusCode.BadRequest);
        var meeting = await senior.PostJson("/api/v1/meetings", new { seriesId = series.Id, day = app.Today })
            .Expect<MeetingResponse>(HttpStatusCode.Created);
        await senior.GetAsync($"/api/v1/meetings/{meeting.Id}/agenda").Problem(HttpStatusCode.Conflict);
        await m3.GetAsync($"/api/v1/meetings/{meeting.Id}").Problem(HttpStatusCode.NotFound);
        await (await app.As("senior2")).PostAsync($"/api/v1/meetings/{meeting.Id}/start", null).Problem(HttpStatusCode.NotFound);
        await m1.PostAsync($"/api/v1/meetings/{meeting.Id}/start", null).Problem(HttpStatusCode.Forbidden);

        meeting = await senior.PostAsync($"/api/v1/meetings/{meeting.Id}/start", null).Expect<MeetingResponse>();
        await senior.PostAsync($"/api/v1/meetings/{meeting.Id}/start", null).Problem(HttpStatusCode.Conflict);
        var agenda = await senior.GetAsync($"/api/v1/meetings/{meeting.Id}/agenda").Expect<AgendaResponse>();
        Assert.Equal((app.Today.AddDays(-6), app.Today), (agenda.From, agenda.To));

        // Each part equals the report of the same name asked for the same period and team.
        var team = app.TeamA;
        var to = $"to={agenda.To:yyyy-MM-dd}&teamId={team}";
        Same(await senior.GetAsync($"/api/v1/reports/activity?from={agenda.WeekFrom:yyyy-MM-dd}&{to}&by=week")
            .Expect<ActivityReport>(), agenda.Week);
        Same(await senior.GetAsync($"/api/v1/reports/activity?from={agenda.MonthFrom:yyyy-MM-dd}&{to}&by=month")
            .Expect<ActivityReport>(), agenda.Month);
        Same(await senior.GetAsync($"/api/v1/reports/funnel?from={agenda.From:yyyy-MM-dd}&{to}&view=flow")
            .Expect<FunnelReport>(), agenda.Funnel);
        Same((await senior.GetAsync("/api/v1/reports/dashboard").Expect<DashboardResponse>()).Sales, agenda.Sales);
        Same(await senior.GetAsync($"/api/v1/reviews/routine?day={agenda.To:yyyy-MM-dd}").Expect<RoutineResponse>(), agenda.Reviews);
        Same(await senior.GetAsync($"/api/v1/reports/bottlenecks?teamId={team}").Expect<BottleneckReport>(), agenda.Bottlenecks);

        // Only the team: manager 3's deal and call are nowhere in it.
        Assert.Equal([app.UserIds["manager1"]], agenda.Week.Rows.Where(r => r.Total.Calls > 0).Select(r => r.UserId));
        Assert.DoesNotContain(agenda.Week.Rows, r => r.UserId == app.UserIds["manager3"]);
        var made = await senior.GetAsync($"/api/v1/deals?teamId={team}&createdFrom={agenda.From:yyyy-MM-dd}"
                + $"&createdTo={agenda.To:yyyy-MM-dd}")
            .Expect<DealListResponse>();
        Assert.Equal((made.Total, 1, 0, 0, 0), (agenda.Moves.New, agenda.Moves.MovedOn, agenda.Moves.SlippedBack, agenda.Moves.Won,
            agenda.Moves.Lost));
        Assert.Equal(1, agenda.Funnel.Stages.Single(s => s.StageId == open[1].Id).Deals);
    }

    [Fact]
    public async Task Open_decisions_are_carried_into_each_next_meeting_once_and_flagged_at_the_third()
    {
        var director = await app.As("director");
        var m2 = await app.As("manager2");
        var series = await director.PostJson("/api/v1/meeting-series", new { name = "Отдел продаж", day = "Monday",
            at = "09:30:00" })
            .Expect<SeriesResponse>(HttpStatusCode.Created);
        Assert.Null(series.TeamId);
        var deal = await m2.PostJson("/api/v1/deals",
            new { title = "Крупный клиент" }).Expect<DealResponse>(HttpStatusCode.Created);
        var early = await director.PostJson("/api/v1/meetings", new { seriesId = series.Id, day = app.Today.AddDays(1) })
            .Expect<MeetingResponse>(HttpStatusCode.Created);
        await director.PostAsync($"/api/v1/meetings/{early.Id}/start", null).Problem(HttpStatusCode.Conflict);
        await director.PostJson($"/api/v1/meetings/{early.Id}/decisions", new { text = "Рано", ownerId = app.UserIds["manager2"],
            dueOn = app.Today.AddDays(2) }).Problem(HttpStatusCode.Conflict);
        var first = await Started(director, series.Id, app.Today.AddDays(-28));

        var bad = await director.PostJson($"/api/v1/meetings/{first.Id}/decisions", new { text = "", dueOn = app.Today.AddDays(-1) })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["dueOn", "ownerId", "text"], bad.ErrorFields().Order());
        var call = await director.PostJson($"/api/v1/meetings/{first.Id}/decisions", new
        {
            text = "Позвонить ЛПР и назначить встречу", ownerId = app.UserIds["manager2"],
                dueOn = app.Today.AddDays(2), dealId = deal.Id,
        }).Expect<DecisionResponse>(HttpStatusCode.Created);
        var script = await director.PostJson($"/api/v1/meetings/{first.Id}/decisions", new
        {
            text = "Переписать скрипт про сроки", ownerId = app.UserIds["senior1"], dueOn = app.Today.AddDays(7),
        }).Expect<DecisionResponse>(HttpStatusCode.Created);
        // On a deal the decision is also the owner's task on it.
        var tasks = await m2.GetAsync($"/api/v1/tasks?dealId={deal.Id}").Expect<Voronka.Core.Common.Page<TaskResponse>>();
        var task = Assert.Single(tasks.Items);
        Assert.Equal((call.TaskId, "Позвонить ЛПР и назначить встречу", app.UserIds["manager2"]), (task.Id,
            task.Title, task.AssigneeId));
        await director.PutJson($"/api/v1/meetings/{first.Id}/notes", new { section = "funnel",
            text = "Мало встреч на этапе **Квалификация**" })
            .Expect<MeetingResponse>();
        await director.PostAsync($"/api/v1/meetings/{first.Id}/end", null).Expect<MeetingResponse>();

        var second = await Started(director, series.Id, app.Today.AddDays(-21));
        Assert.Equal([(call.Id, 1), (script.Id, 1)], second.Carried.Select(d => (d.Id, d.Carried)));
        var agenda = await director.GetAsync($"/api/v1/meetings/{second.Id}/agenda").Expect<AgendaResponse>();
        Assert.Equal([call.Id, script.Id], agenda.Decisions.Select(d => d.Id));
        await director.PostAsync($"/api/v1/meetings/{second.Id}/start", null).Problem(HttpStatusCode.Conflict);
        Assert.Equal(2, (await director.GetAsync($"/api/v1/meetings/{second.Id}").Expect<MeetingResponse>()).Carried.Count);

        Assert.Equal([call.Id], (await m2.GetAsync("/api/v1/decisions/mine").Expect<List<DecisionResponse>>()).Select(x => x.Id));
        // The task done closes its decision: only the other one moves on.
        await m2.PostJson($"/api/v1/tasks/{task.Id}/complete", new { result = "Встреча в четверг",
            version = task.Version }).Expect<TaskResponse>();
        var third = await Started(director, series.Id, app.Today.AddDays(-14));
        var carried = Assert.Single(third.Carried);
        Assert.Equal((script.Id, 2, false), (carried.Id, carried.Carried, carried.Flagged));
        var fourth = await Started(director, series.Id, app.Today.AddDays(-7));
        Assert.Equal((script.Id, 3, true), (fourth.Carried[0].Id, fourth.Carried[0].Carried, fourth.Carried[0].Flagged));

        await (await app.As("senior1")).PutJson($"/api/v1/decisions/{script.Id}/status",
            new { status = "done" }).Expect<DecisionResponse>();
        Assert.Empty(await m2.GetAsync("/api/v1/decisions/mine").Expect<List<DecisionResponse>>());
        var fifth = await Started(director, series.Id, app.Today);
        Assert.Empty(fifth.Carried);

        var docx = await (await director.GetAsync($"/api/v1/meetings/{first.Id}/minutes.docx")).Content.ReadAsByteArrayAsync();
        var minutes = Docs.Read(docx);
        Assert.Contains(minutes, l => l.Contains("Мало встреч на этапе Квалификация",
            StringComparison.Ordinal));
        Assert.Contains(minutes,
            l => l.StartsWith("Позвонить ЛПР и назначить встречу (Крупный клиент) | MANAGER2",
            StringComparison.Ordinal));
    }

    private static async Task<MeetingResponse> Started(HttpClient who, int series, DateOnly day)
    {
        var planned = await who.PostJson("/api/v1/meetings", new { seriesId = series,
            day }).Expect<MeetingResponse>(HttpStatusCode.Created);
        return await who.PostAsync($"/api/v1/meetings/{planned.Id}/start", null).Expect<MeetingResponse>();
    }

    private static void Same<T>(T report, T frozen) =>
        Assert.Equal(JsonSerializer.Serialize(report, Http.Json), JsonSerializer.Serialize(frozen, Http.Json));
}
