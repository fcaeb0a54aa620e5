using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Features.Automations;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Requests;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Requests;

/// <summary>A company of its own whose background rounds are the test's to run, with a second assistant as the deputy.</summary>
public class RequestApp : VoronkaApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Automations:Run", "false");
        builder.UseSetting("Requests:Run", "false");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        UserIds["deputy"] = (await Services.GetRequiredService<PeopleService>().CreateUserAsync(ActorOf("director"),
            new CreateUserRequest("deputy", "DEPUTY", Password, UserRole.Assistant))).Id;
    }
}

public class RequestTests(RequestApp app) : IClassFixture<RequestApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    private Task<HttpClient> Client(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private async Task<PipelineResponse> PipelineAsync(string name) =>
        await (await Client("director")).PostJson("/api/v1/pipelines", new PipelineRequest(name, false,
        [
            new StageRequest(null, "Новая", StageKind.Open), new StageRequest(null, "Договор", StageKind.Open),
            new StageRequest(null, "Договор подписан", StageKind.Open), new StageRequest(null, "Успех", StageKind.Won),
            new StageRequest(null, "Провал", StageKind.Lost),
        ])).Expect<PipelineResponse>(HttpStatusCode.Created);

    private async Task<RequestTypeResponse> TypeAsync(string name, int? requiredFor, int slaHours = 4) =>
        await (await Client("director")).PostJson("/api/v1/request-types", new
        {
            name, slaHours, assigneeId = app.UserIds["assistant"], deputyId = app.UserIds["deputy"], standardMinutes = 30,
            fields = new[] { new { key = "contract_no", name = "Номер договора", type = "Text", required = true } },
            ladder = new[] { new { afterHours = 0, target = "Assignee" }, new { afterHours = 2, target = "Senior" },
                new { afterHours = 4, target = "Director" } },
            requiredForStageIds = requiredFor is int s ? new[] { s } : Array.Empty<int>(),
        }).Expect<RequestTypeResponse>(HttpStatusCode.Created);

    /// <summary>Moves the clock to the next <paramref name="day"/> at <paramref name="hour"/> in Moscow.</summary>
    private DateTime To(DayOfWeek day, double hour)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow, Moscow).Date.AddDays(1);
        while (local.DayOfWeek != day) local = local.AddDays(1);
        var at = TimeZoneInfo.ConvertTimeToUtc(local.AddHours(hour), Moscow);
        app.Clock.Advance(at - app.UtcNow);
        return at;
    }

    [Fact]
    public async Task A_stage_that_needs_a_request_refuses_every_path_until_the_assistant_has_done_it()
    {
        var pipeline = await PipelineAsync("Договоры");
        var (draft, contract, signed) = (pipeline.Stages[0], pipeline.Stages[1], pipeline.Stages[2]);
        var type = await TypeAsync("Согласовать договор", signed.Id);
        var director = await Client("director");
        await director.PostJson("/api/v1/automations", new { stageId = contract.Id,
            name = "Договор на согласование", trigger = "Enter",
            action = "CreateRequest", requestTypeId = type.Id }).Expect<AutomationResponse>(HttpStatusCode.Created);
        await director.PostJson("/api/v1/automations", new { stageId = draft.Id, name = "Сразу в подписанный",
            trigger = "Idle",
            idleDays = 1, action = "MoveStage", moveToStageId = signed.Id }).Expect<AutomationResponse>(HttpStatusCode.Created);
        var m1 = await Client("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Поставка с договором", pipelineId = pipeline.Id })
            .Expect<DealResponse>(HttpStatusCode.Created);

        // By the API: refused, the request named; the deal stays.
        var refused = await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = signed.Id }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["requests"], refused.ErrorFields());
        Assert.Contains("Согласовать договор", refused.GetProperty("detail").GetString());
        // By an automation: the run fails with the same reason, the deal stays.
        app.Clock.Advance(TimeSpan.FromDays(2));
        m1 = await Client("manager1");
        await app.Services.GetRequiredService<AutomationRunner>().RunRoundAsync();
        var failed = await (await Client("director")).GetAsync("/api/v1/automations/runs?failed=true")
            .Expect<List<AutomationRunResponse>>();
        Assert.Contains(failed, r => r.DealId == deal.Id && r.Error!.Contains("Согласовать договор"));
        Assert.Equal(draft.Id, (await m1.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).StageId);

        // Entering «Договор» puts the request into the assistant's queue, for the owner.
        await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = contract.Id }).Expect<DealResponse>();
        var assistant = await Client("assistant");
        var queue = await assistant.GetAsync("/api/v1/requests?active=true").Expect<Page<RequestResponse>>();
        var request = Assert.Single(queue.Items, r => r.DealId == deal.Id);
        Assert.Equal((RequestState.Open, app.UserIds["manager1"], app.UserIds["assistant"]),
            (request.State, request.RequestedById, request.AssigneeId));
        // The assistant now opens the deal; the form lacks the contract number: sent back with the reason.
        await assistant.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
        var taken = await assistant.PostJson($"/api/v1/requests/{request.Id}/take", new { }).Expect<RequestResponse>();
        await assistant.PostJson($"/api/v1/requests/{request.Id}/return", new { }).Problem(HttpStatusCode.BadRequest);
        var back = await assistant.PostJson($"/api/v1/requests/{request.Id}/return", new { text = "Нет номера договора",
            version = taken.Version })
            .Expect<RequestResponse>();
        Assert.Equal((RequestState.Returned, 1, "Нет номера договора"), (back.State, back.Returns, back.ReturnReason));
        var told = await m1.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Contains(told.Items, n => n.Kind == NotificationKind.RequestReturned);
        var wrong = await m1.PostJson($"/api/v1/requests/{request.Id}/resubmit", new { values = new { contract_no = "", extra = "x" } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["values.contract_no", "values.extra"], wrong.ErrorFields());
        await m1.PostJson($"/api/v1/requests/{request.Id}/resubmit",
            new { values = new { contract_no = "Д-17/2026" } }).Expect<RequestResponse>();
        await m1.PostJson($"/api/v1/requests/{request.Id}/done", new { text = "Сам сделал" }).Problem(HttpStatusCode.Forbidden);
        await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = signed.Id }).Problem(HttpStatusCode.BadRequest);
        var done = await assistant.PostJson($"/api/v1/requests/{request.Id}/done", new { text = "Согласовано с "
            + "бухгалтерией" })
            .Expect<RequestResponse>();
        Assert.Equal((RequestState.Done, "Д-17/2026"), (done.State, done.Values["contract_no"]));

        var moved = await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = signed.Id }).Expect<DealResponse>();
        Assert.Equal(signed.Id, moved.StageId);
        var onCard = await m1.GetAsync($"/api/v1/requests?dealId={deal.Id}").Expect<Page<RequestResponse>>();
        Assert.Equal(RequestState.Done, Assert.Single(onCard.Items).State);

        // The report: one request, done within its SLA, sent back once, half an hour of the manager's time saved.
        var report = await (await Client("director")).GetAsync("/api/v1/reports/requests?from=2000-01-01&to=2100-01-01")
            .Expect<RequestReportResponse>();
        var figures = report.Types.Single(t => t.TypeId == type.Id);
        Assert.Equal((1, 1, 1m, 1m, 0.5m), (figures.Requests, figures.Done, figures.SlaMetShare, figures.ReworkShare, figures.HoursSaved));
        await m1.GetAsync("/api/v1/reports/requests").Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_sla_counts_working_hours_across_a_weekend_the_ladder_climbs_once_per_step_and_an_absence_hands_over()
    {
        var pipeline = await PipelineAsync("Сроки");
        var type = await TypeAsync("Выставить счёт", null);
        var m1 = await Client("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Счёт в пятницу", pipelineId = pipeline.Id })
            .Expect<DealResponse>(HttpStatusCode.Created);
        var friday = To(DayOfWeek.Friday, 16);
        m1 = await Client("manager1");
        var request = await m1.PostJson("/api/v1/requests", new { dealId = deal.Id, typeId = type.Id,
            values = new { contract_no = "С-1" } })
            .Expect<RequestResponse>(HttpStatusCode.Created);
        // Friday 16:00 + 4 working hours: two on Friday, two on Monday from 9:00.
        var mondayEleven = friday.AddDays(3).AddHours(-5);
        Assert.InRange(request.DueAt, mondayEleven, mondayEleven.AddMinutes(1));

        var escalation = app.Services.GetRequiredService<RequestEscalation>();
        To(DayOfWeek.Saturday, 12);
        Assert.Equal(0, await escalation.RunAsync());
        To(DayOfWeek.Monday, 11.5);
        Assert.Equal(1, await escalation.RunAsync());
        Assert.Equal(0, await escalation.RunAsync());
        app.Clock.Advance(TimeSpan.FromHours(1.75));
        Assert.Equal(1, await escalation.RunAsync());
        var senior = await (await Client("senior1")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Single(senior.Items, n => n.Kind == NotificationKind.RequestOverdue);
        var assistantTold = await (await Client("assistant")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Single(assistantTold.Items, n => n.Kind == NotificationKind.RequestOverdue);
        var late = await (await Client("assistant")).GetAsync($"/api/v1/requests/{request.Id}").Expect<RequestResponse>();
        Assert.Equal((2, true), (late.Escalations, late.IsOverdue));

        // The assistant is away on Tuesday: a new request goes to the deputy, and one not yet taken is handed over.
        var tuesday = To(DayOfWeek.Tuesday, 10);
        var director = await Client("director");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(tuesday, Moscow));
        await director.PostJson("/api/v1/calendar/absences", new { userId = app.UserIds["assistant"], from = day, to = day,
            kind = "Vacation" }).Expect<Core.Features.Calendar.AbsenceResponse>(HttpStatusCode.Created);
        m1 = await Client("manager1");
        var second = await m1.PostJson("/api/v1/requests", new { dealId = deal.Id, typeId = type.Id,
            values = new { contract_no = "С-2" } })
            .Expect<RequestResponse>(HttpStatusCode.Created);
        Assert.Equal(app.UserIds["deputy"], second.AssigneeId);
        await escalation.RunAsync();
        var handed = await director.GetAsync($"/api/v1/requests/{request.Id}").Expect<RequestResponse>();
        Assert.Equal(app.UserIds["deputy"], handed.AssigneeId);
        Assert.True(handed.DueAt > app.UtcNow);
        var deputyQueue = await (await Client("deputy")).GetAsync("/api/v1/requests?active=true").Expect<Page<RequestResponse>>();
        Assert.Equal([request.Id, second.Id], deputyQueue.Items.Select(r => r.Id).Order());
    }
}
