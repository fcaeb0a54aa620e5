using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Automations;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Automations;

/// <summary>A company of its own whose background round is the test's to run.</summary>
public class AutomationApp : VoronkaApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Automations:Run", "false");
    }
}

public class AutomationTests(AutomationApp app) : IClassFixture<AutomationApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    /// <summary>A pipeline of the test's own, so no other test's automations fire in it.</summary>
    private async Task<PipelineResponse> PipelineAsync(string name, params string[] required)
    {
        var director = await Client("director");
        var p = await director.PostJson("/api/v1/pipelines", new PipelineRequest(name, false,
        [
            new StageRequest(null, "Первый", StageKind.Open), new StageRequest(null, "Второй", StageKind.Open),
            new StageRequest(null, "Третий", StageKind.Open, RequiredFields: required), new StageRequest(null, "Успех",
                StageKind.Won),
            new StageRequest(null, "Провал", StageKind.Lost),
        ])).Expect<PipelineResponse>(HttpStatusCode.Created);
        return p;
    }

    /// <summary>A fresh session: the tests move the clock past a token's life.</summary>
    private Task<HttpClient> Client(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private async Task<AutomationResponse> AddAsync(object body) =>
        await (await Client("director")).PostJson("/api/v1/automations", body).Expect<AutomationResponse>(HttpStatusCode.Created);

    private async Task<DealResponse> DealAsync(int pipelineId, string title) =>
        await (await Client("manager1")).PostJson("/api/v1/deals", new { title, pipelineId }).Expect<DealResponse>(HttpStatusCode.Created);

    private async Task<DealResponse> MoveAsync(int dealId, int stageId) =>
        await (await Client("manager1")).PostJson($"/api/v1/deals/{dealId}/move", new { stageId }).Expect<DealResponse>();

    private Task<List<AutomationRun>> RunsAsync(int dealId) =>
        app.Db(db => db.Set<AutomationRun>().Where(r => r.DealId == dealId).OrderBy(r => r.Id).ToListAsync());

    private Task<List<DealTask>> TasksAsync(int dealId) =>
        app.Db(db => db.Tasks.Where(t => t.DealId == dealId).OrderBy(t => t.Id).ToListAsync());

    /// <summary>Moves the clock to the next Friday at <paramref name="hour"/> in Moscow.</summary>
    private void ToFriday(int hour)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow, Moscow).Date.AddDays(1);
        while (local.DayOfWeek != DayOfWeek.Friday) local = local.AddDays(1);
        app.Clock.Advance(TimeZoneInfo.ConvertTimeToUtc(local.AddHours(hour), Moscow) - app.UtcNow);
    }

    [Fact]
    public async Task Entering_a_stage_sets_the_task_due_in_working_hours_once_per_move_and_shows_it_on_the_timeline()
    {
        var pipeline = await PipelineAsync("Задача при входе");
        var stages = pipeline.Stages;
        var rule = await AddAsync(new
        {
            stageId = stages[1].Id, name = "Перезвонить после КП", trigger = "Enter", action = "CreateTask",
                target = "Owner",
            taskKind = "Call", text = "Перезвонить клиенту", dueIn = 2, dueUnit = "WorkingHours",
        });
        var deal = await DealAsync(pipeline.Id, "Автозадача");
        ToFriday(17);
        var movedAt = app.UtcNow;
        await MoveAsync(deal.Id, stages[1].Id);

        var task = Assert.Single(await TasksAsync(deal.Id));
        Assert.Equal(("Перезвонить клиенту", TaskKind.Call, app.UserIds["manager1"], app.UserIds["director"]),
            (task.Title, task.Kind, task.AssigneeId, task.AuthorId));
        // Friday 17:00 plus two working hours: one on Friday, one on Monday from 9:00.
        var monday10 = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTimeFromUtc(movedAt, Moscow).Date.AddDays(3).AddHours(10), Moscow);
        Assert.InRange(task.DueAt, monday10, monday10.AddMinutes(1));
        var run = Assert.Single(await RunsAsync(deal.Id));
        Assert.Equal((AutomationRunState.Done, task.Id, app.UserIds["manager1"]), (run.State, run.TaskId, run.UserId));

        // Another round later finds nothing to do: the run was the move's, and it is done.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await app.Services.GetRequiredService<AutomationRunner>().RunRoundAsync());
        Assert.Single(await TasksAsync(deal.Id));

        var m1 = await Client("manager1");
        var timeline = await m1.GetAsync($"/api/v1/deals/{deal.Id}/timeline").Expect<TimelinePage>();
        var fired = Assert.Single(timeline.Items, e => e.Kind == TimelineKind.Automation).Automation!;
        Assert.Equal(("Перезвонить после КП", "Перезвонить клиенту", "MANAGER1"),
            (fired.AutomationName, fired.TaskTitle, fired.UserName));
        // The task it set is signed by the automation on the feed.
        var set = Assert.Single(timeline.Items, e => e.Kind == TimelineKind.Task);
        Assert.Equal(((int?)null, "Перезвонить после КП"), (set.UserId, set.UserName));
        var told = await m1.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Contains(told.Items, n => n.Kind == NotificationKind.TaskAssigned && n.Subject == "Перезвонить "
            + "клиенту — Автозадача");

        // Leaving and coming back is a new move: it fires again, once.
        await MoveAsync(deal.Id, stages[0].Id);
        await MoveAsync(deal.Id, stages[1].Id);
        Assert.Equal(2, (await TasksAsync(deal.Id)).Count);
        Assert.Equal(2, (await RunsAsync(deal.Id)).Count);
        var listed = await (await Client("director")).GetAsync($"/api/v1/automations/{rule.Id}").Expect<AutomationResponse>();
        Assert.Equal((2, 0), (listed.Runs, listed.Failed));
    }

    [Fact]
    public async Task A_move_made_by_an_automation_fires_the_next_stage_automation_and_a_loop_stops_with_a_failed_run()
    {
        var pipeline = await PipelineAsync("Цепочка");
        var stages = pipeline.Stages;
        await AddAsync(new { stageId = stages[1].Id, name = "Дальше", trigger = "Enter", action = "MoveStage",
            moveToStageId = stages[2].Id });
        await AddAsync(new { stageId = stages[2].Id, name = "Сказать старшему", trigger = "Enter", action = "Notify",
            target = "Senior",
            text = "Сделка дошла до третьего этапа" });
        var deal = await DealAsync(pipeline.Id, "Цепочка автоматизаций");
        var after = await MoveAsync(deal.Id, stages[1].Id);

        Assert.Equal(stages[2].Id, after.StageId);
        var runs = await RunsAsync(deal.Id);
        Assert.Equal([0, 1], runs.Select(r => r.Depth));
        Assert.All(runs, r => Assert.Equal(AutomationRunState.Done, r.State));
        Assert.Equal(app.UserIds["senior1"], runs[1].UserId);
        var senior = await (await Client("senior1")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Single(senior.Items, n => n.Kind == NotificationKind.Automation && n.Subject == "Сделка дошла до "
            + "третьего этапа — Цепочка "
            + "автоматизаций");

        // Two stages that send the deal to each other: the chain stops, the deal stays where the last move put it.
        var loopPipeline = await PipelineAsync("Петля");
        var loop = loopPipeline.Stages;
        await AddAsync(new { stageId = loop[1].Id, name = "Туда", trigger = "Enter", action = "MoveStage",
            moveToStageId = loop[2].Id });
        await AddAsync(new { stageId = loop[2].Id, name = "Обратно", trigger = "Enter", action = "MoveStage",
            moveToStageId = loop[1].Id });
        var ping = await DealAsync(loopPipeline.Id, "Пинг-понг");
        await MoveAsync(ping.Id, loop[1].Id);
        var pingRuns = await RunsAsync(ping.Id);
        Assert.Equal(AutomationRunner.MaxDepth + 1, pingRuns.Count);
        Assert.Equal(AutomationRunState.Failed, pingRuns[^1].State);
        Assert.Contains("chain stops", pingRuns[^1].Error);
        Assert.All(pingRuns[..^1], r => Assert.Equal(AutomationRunState.Done, r.State));
        var changes = await app.Db(db => db.DealStageChanges.CountAsync(c => c.DealId == ping.Id));
        Assert.Equal(1 + 1 + AutomationRunner.MaxDepth, changes);
    }

    [Fact]
    public async Task A_failing_action_is_recorded_with_its_reason_and_the_move_stands()
    {
        var pipeline = await PipelineAsync("Сбой", "amount");
        var stages = pipeline.Stages;
        await AddAsync(new { stageId = stages[1].Id, name = "В третий без суммы", trigger = "Enter", action = "MoveStage",
            moveToStageId = stages[2].Id });
        await AddAsync(new { stageId = stages[1].Id, name = "Источник", trigger = "Enter", action = "SetField", field = "source",
            value = "Автоматизация" });
        var deal = await DealAsync(pipeline.Id, "Без суммы");
        var after = await MoveAsync(deal.Id, stages[1].Id);

        Assert.Equal((stages[1].Id, "Автоматизация"), (after.StageId, after.Source));
        var runs = await RunsAsync(deal.Id);
        Assert.Equal([AutomationRunState.Failed, AutomationRunState.Done], runs.Select(r => r.State));
        Assert.Contains("amount", runs[0].Error);
        var failed = await (await Client("director")).GetAsync("/api/v1/automations/runs?failed=true")
            .Expect<List<AutomationRunResponse>>();
        Assert.Contains(failed,
            r => r.DealId == deal.Id && r.AutomationName == "В третий без суммы" && r.Error!.Contains("amount"));
        var timeline = await (await Client("manager1")).GetAsync($"/api/v1/deals/{deal.Id}/timeline").Expect<TimelinePage>();
        Assert.Equal(2, timeline.Items.Count(e => e.Kind == TimelineKind.Automation));
        Assert.Contains(timeline.Items, e => e.Change is { Field: "source", NewValue: "Автоматизация" });
    }

    [Fact]
    public async Task A_deal_idle_in_a_stage_gets_one_notice_per_stay_and_a_deal_with_a_recent_activity_none()
    {
        var pipeline = await PipelineAsync("Простой");
        var stages = pipeline.Stages;
        await AddAsync(new { stageId = stages[1].Id, name = "Застряла", trigger = "Idle", idleDays = 3, action = "Notify",
            target = "Senior",
            text = "Три дня без движения" });
        var quiet = await DealAsync(pipeline.Id, "Тихая");
        var busy = await DealAsync(pipeline.Id, "Живая");
        await MoveAsync(quiet.Id, stages[1].Id);
        await MoveAsync(busy.Id, stages[1].Id);
        var runner = app.Services.GetRequiredService<AutomationRunner>();
        app.Clock.Advance(TimeSpan.FromDays(2));
        await (await Client("manager1")).PostJson("/api/v1/activities", new { type = "Note", dealId = busy.Id,
            notes = "Созвонились" })
            .Expect<Core.Features.Activities.ActivityResponse>(HttpStatusCode.Created);
        await runner.RunRoundAsync();
        Assert.Empty(await RunsAsync(quiet.Id));

        app.Clock.Advance(TimeSpan.FromDays(1.5));
        await runner.RunRoundAsync();
        await runner.RunRoundAsync();
        var run = Assert.Single(await RunsAsync(quiet.Id));
        Assert.Equal((AutomationRunState.Done, app.UserIds["senior1"]), (run.State, run.UserId));
        Assert.Empty(await RunsAsync(busy.Id));
    }

    [Fact]
    public async Task A_history_import_fires_nothing_and_only_the_director_sets_automations_with_each_bad_field_named()
    {
        var pipeline = await PipelineAsync("Проверки");
        var stages = pipeline.Stages;
        var director = await Client("director");
        var bad = await director.PostJson("/api/v1/automations", new
        {
            stageId = 999999, name = "", trigger = "Enter", action = "CreateTask", target = "Person", idleDays = 3, dueIn = -1,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["dueIn", "idleDays", "name", "personId", "stageId", "text"], bad.ErrorFields());
        var field = await director.PostJson("/api/v1/automations", new
        {
            stageId = stages[1].Id, name = "Поле", trigger = "Enter", action = "SetField", field = "custom.nope", value = 1,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["field"], field.ErrorFields());
        var move = await director.PostJson("/api/v1/automations", new
        {
            stageId = stages[1].Id, name = "Переход", trigger = "Enter", action = "MoveStage", moveToStageId = stages[1].Id,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["moveToStageId"], move.ErrorFields());
        await (await Client("senior1")).PostJson("/api/v1/automations", new { stageId = stages[1].Id, name = "x", trigger = "Enter",
            action = "Notify", target = "Owner", text = "x" }).Problem(HttpStatusCode.Forbidden);
        Assert.Empty(await app.Db(db => db.Set<StageAutomation>().Where(a => a.StageId == stages[1].Id).ToListAsync()));

        await AddAsync(new { stageId = stages[1].Id, name = "Задача", trigger = "Enter", action = "CreateTask", target = "Owner",
            text = "Т" });
        var backdated = new Actor(app.UserIds["director"], Core.Features.People.UserRole.Director, null, MayBackdate: true);
        var deals = app.Services.GetRequiredService<DealsService>();
        var deal = await deals.CreateAsync(backdated, new CreateDealRequest("Из истории", PipelineId: pipeline.Id,
            OwnerId: app.UserIds["manager1"], At: app.Clock.GetUtcNow().AddDays(-30)));
        await deals.MoveAsync(backdated, deal.Id, new MoveDealRequest(stages[1].Id, null, At: app.Clock.GetUtcNow().AddDays(-20)));
        Assert.Empty(await RunsAsync(deal.Id));
        Assert.Empty(await TasksAsync(deal.Id));
    }
}
