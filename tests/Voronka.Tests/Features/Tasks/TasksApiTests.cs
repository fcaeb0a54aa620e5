using System.Net;
using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Tasks;

public class TasksApiTests(VoronkaApp app) : IClassFixture<VoronkaApp>
{
    private async Task<DealResponse> Deal(string login = "manager1") =>
        await (await app.As(login)).PostJson("/api/v1/deals", new { title = $"Задачи {Guid.NewGuid():N}" }).Expect<DealResponse>(HttpStatusCode.Created);

    [Fact]
    public async Task A_task_is_set_found_as_overdue_and_completed_with_a_result()
    {
        var c = await app.As("manager1");
        var deal = await Deal();
        var task = await c.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", dueAt = app.Clock.GetUtcNow().AddHours(-2) }).Expect<TaskResponse>(HttpStatusCode.Created);
        Assert.Equal("Call", task.Title);
        Assert.Equal(app.UserIds["manager1"], task.AssigneeId);
        Assert.True(task.IsOverdue);

        var overdue = await c.GetAsync($"/api/v1/tasks?overdue=true&dealId={deal.Id}").Expect<Page<TaskResponse>>();
        Assert.Equal([task.Id], overdue.Items.Select(t => t.Id).ToArray());

        Assert.Equal(["result"], (await c.PostJson($"/api/v1/tasks/{task.Id}/complete", new { }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        var done = await c.PostJson($"/api/v1/tasks/{task.Id}/complete", new { result = "Клиент просит КП" }).Expect<TaskResponse>();
        Assert.Equal(DealTaskStatus.Done, done.Status);
        Assert.False(done.IsOverdue);
        Assert.Equal(["status"], (await c.PostJson($"/api/v1/tasks/{task.Id}/complete", new { result = "ещё раз" }).Problem(HttpStatusCode.BadRequest)).ErrorFields());
        var reopened = await c.PostAsync($"/api/v1/tasks/{task.Id}/reopen", null).Expect<TaskResponse>();
        Assert.Equal(DealTaskStatus.Open, reopened.Status);
        Assert.Null(reopened.Result);
        Assert.Empty((await c.GetAsync($"/api/v1/tasks?status=Done&dealId={deal.Id}").Expect<Page<TaskResponse>>()).Items);
    }

    [Fact]
    public async Task The_assignee_must_be_able_to_open_the_deal()
    {
        var deal = await Deal("manager1");
        var senior = await app.As("senior1");
        var due = app.Clock.GetUtcNow().AddDays(1);
        await senior.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "FollowUp", dueAt = due, assigneeId = app.UserIds["manager1"] }).Expect<TaskResponse>(HttpStatusCode.Created);
        await senior.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Paperwork", dueAt = due, assigneeId = app.UserIds["assistant"] }).Expect<TaskResponse>(HttpStatusCode.Created);
        var p = await senior.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", dueAt = due, assigneeId = app.UserIds["manager3"] }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId"], p.ErrorFields());
        p = await senior.PostJson("/api/v1/tasks", new { kind = "Call" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["dealId", "dueAt"], p.ErrorFields());
        await (await app.As("manager3")).PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", dueAt = due }).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Task_edits_use_the_version()
    {
        var c = await app.As("manager1");
        var deal = await Deal();
        var task = await c.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Meeting", dueAt = app.Clock.GetUtcNow().AddDays(2) }).Expect<TaskResponse>(HttpStatusCode.Created);
        var moved = await c.PutJson($"/api/v1/tasks/{task.Id}", new { dealId = deal.Id, kind = "Meeting", title = "Встреча в офисе", dueAt = app.Clock.GetUtcNow().AddDays(3), version = task.Version })
            .Expect<TaskResponse>();
        Assert.Equal("Встреча в офисе", moved.Title);
        await c.PutJson($"/api/v1/tasks/{task.Id}", new { dealId = deal.Id, kind = "Meeting", dueAt = app.Clock.GetUtcNow(), version = task.Version }).Problem(HttpStatusCode.Conflict);
    }
}
