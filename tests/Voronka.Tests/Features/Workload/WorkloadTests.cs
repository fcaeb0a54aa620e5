using System.Net;
using System.Text.Json;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Tasks;
using Voronka.Core.Features.Workload;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Workload;

/// <summary>A company of its own: the test moves its clock by days.</summary>
public class WorkloadApp : VoronkaApp;

public class WorkloadTests(WorkloadApp app) : IClassFixture<WorkloadApp>
{
    private Task<HttpClient> Client(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private static async Task<int> TotalAsync(HttpClient c, string list)
    {
        var body = await c.GetAsync(list + (list.Contains('?') ? "&" : "?") + "pageSize=1").Expect<JsonElement>();
        return body.GetProperty("total").GetInt32();
    }

    private async Task<TaskResponse> TaskAsync(HttpClient c, int dealId, string title, TimeSpan due) =>
        await c.PostJson("/api/v1/tasks", new { dealId, kind = "Call", title, dueAt = app.Clock.GetUtcNow().Add(due) })
            .Expect<TaskResponse>(HttpStatusCode.Created);

    [Fact]
    public async Task Every_figure_equals_the_list_it_opens_and_a_bulk_reassign_moves_the_tasks_or_nothing()
    {
        var m1 = await Client("manager1");
        var m3 = await Client("manager3");
        // A deal that will rot: the first stage allows seven days.
        var old = await m1.PostJson("/api/v1/deals", new { title = "Давняя" }).Expect<DealResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromDays(8));
        m1 = await Client("manager1");
        m3 = await Client("manager3");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "С задачами" }).Expect<DealResponse>(HttpStatusCode.Created);
        await m1.PostJson("/api/v1/deals", new { title = "Без шага" }).Expect<DealResponse>(HttpStatusCode.Created);
        var late1 = await TaskAsync(m1, deal.Id, "Просрочена 1", TimeSpan.FromMinutes(1));
        var late2 = await TaskAsync(m1, deal.Id, "Просрочена 2", TimeSpan.FromMinutes(2));
        await TaskAsync(m1, deal.Id, "Через неделю", TimeSpan.FromDays(7));
        var other = await m3.PostJson("/api/v1/deals",
            new { title = "Другая команда" }).Expect<DealResponse>(HttpStatusCode.Created);
        var foreign = await TaskAsync(m3, other.Id, "Чужая", TimeSpan.FromMinutes(1));
        var director = await Client("director");
        var lead = await director.PostJson("/api/v1/leads",
            new { email = "load@example.com" }).Expect<LeadResponse>(HttpStatusCode.Created);
        await director.PostJson($"/api/v1/leads/{lead.Id}/assign", new { userId = app.UserIds["manager1"] }).Expect<LeadResponse>();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var load = await director.GetAsync("/api/v1/workload").Expect<WorkloadResponse>();
        Assert.Contains(load.People, p => p.UserId == app.UserIds["assistant"]);
        Assert.DoesNotContain(load.People, p => p.UserId == app.UserIds["director"]);
        var mine = load.People.Single(p => p.UserId == app.UserIds["manager1"]);
        Assert.Equal((2, 1, 3, 2, 1, 1), (mine.Overdue.Count, mine.Upcoming.Count, mine.OpenDeals.Count, mine.NoNextStep.Count,
            mine.Rotting.Count, mine.LeadsWaiting.Count));
        foreach (var row in load.People)
        foreach (var figure in new[] { row.Overdue, row.Today, row.Upcoming, row.OpenDeals, row.NoNextStep, row.Rotting, row.LeadsWaiting })
            Assert.Equal(figure.Count, await TotalAsync(director, figure.List));

        // A senior sees the team and counts the same; a manager sees no workload.
        var senior = await Client("senior1");
        var team = await senior.GetAsync("/api/v1/workload").Expect<WorkloadResponse>();
        Assert.Equal(new[] { "manager1", "manager2", "senior1" }.Select(l => app.UserIds[l]).Order(),
            team.People.Select(p => p.UserId).Order());
        Assert.Equal(mine.Overdue, team.People.Single(p => p.UserId == app.UserIds["manager1"]).Overdue);
        await m1.GetAsync("/api/v1/workload").Problem(HttpStatusCode.Forbidden);

        // A task of another team in the batch: nothing changes.
        var refused = await senior.PostJson("/api/v1/tasks/bulk", new
        {
            ids = new[] { late1.Id, foreign.Id }, action = "Reassign", assigneeId = app.UserIds["manager2"],
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["ids"], refused.ErrorFields());
        Assert.Equal(2, (await senior.GetAsync("/api/v1/workload").Expect<WorkloadResponse>()).People
            .Single(p => p.UserId == app.UserIds["manager1"]).Overdue.Count);

        // A colleague who cannot open the deal cannot take its task; the senior can, told by the director.
        var blind = await senior.PostJson("/api/v1/tasks/bulk", new
        {
            ids = new[] { late1.Id, late2.Id }, action = "Reassign", assigneeId = app.UserIds["manager2"],
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId"], blind.ErrorFields());
        var moved = await director.PostJson("/api/v1/tasks/bulk", new
        {
            ids = new[] { late1.Id, late2.Id }, action = "Reassign", assigneeId = app.UserIds["senior1"],
        }).Expect<BulkTasksResponse>();
        Assert.Equal(2, moved.Changed);
        var after = (await director.GetAsync("/api/v1/workload").Expect<WorkloadResponse>()).People;
        Assert.Equal((0, 2), (after.Single(p => p.UserId == app.UserIds["manager1"]).Overdue.Count,
            after.Single(p => p.UserId == app.UserIds["senior1"]).Overdue.Count));
        var told = await (await Client("senior1")).GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Equal(2, told.Items.Count(n => n.Kind == NotificationKind.TaskAssigned));

        var postponed = await senior.PostJson("/api/v1/tasks/bulk", new { ids = new[] { late1.Id, late2.Id }, action = "Postpone",
            days = 2 })
            .Expect<BulkTasksResponse>();
        Assert.Equal([late1.DueAt.AddDays(2), late2.DueAt.AddDays(2)], postponed.Tasks.Select(t => t.DueAt));
        var noResult = await senior.PostJson("/api/v1/tasks/bulk", new { ids = new[] { late1.Id }, action = "Complete" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["result"], noResult.ErrorFields());
        var done = await senior.PostJson("/api/v1/tasks/bulk", new { ids = new[] { late1.Id, late2.Id }, action = "Complete",
            result = "Закрыто на планёрке" }).Expect<BulkTasksResponse>();
        Assert.All(done.Tasks, t => Assert.Equal(DealTaskStatus.Done, t.Status));
        await senior.PostJson("/api/v1/tasks/bulk", new { ids = new[] { late1.Id }, action = "Cancel" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(old.Id, (await director.GetAsync(mine.Rotting.List).Expect<DealListResponse>()).Items.Single().Id);
    }

    [Fact]
    public async Task Tasks_handed_over_with_their_deals_go_to_a_colleague_who_could_not_open_them()
    {
        var m1 = await Client("manager1");
        var first = await m1.PostJson("/api/v1/deals", new { title = "Передать 1" }).Expect<DealResponse>(HttpStatusCode.Created);
        var second = await m1.PostJson("/api/v1/deals", new { title = "Передать 2" }).Expect<DealResponse>(HttpStatusCode.Created);
        var t1 = await TaskAsync(m1, first.Id, "Позвонить 1", TimeSpan.FromHours(1));
        var t2 = await TaskAsync(m1, second.Id, "Позвонить 2", TimeSpan.FromHours(2));
        var ids = new[] { t1.Id, t2.Id };
        var director = await Client("director");
        var senior = await Client("senior1");

        // Not to an assistant (who owns no deals), not by a senior outside the team: nothing moves.
        var assistant = await director.PostJson("/api/v1/tasks/bulk", new
        {
            ids, action = "Reassign", assigneeId = app.UserIds["assistant"], withDeals = true,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId"], assistant.ErrorFields());
        var outside = await senior.PostJson("/api/v1/tasks/bulk", new
        {
            ids, action = "Reassign", assigneeId = app.UserIds["manager3"], withDeals = true,
        }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId"], outside.ErrorFields());
        foreach (var deal in new[] { first, second })
            Assert.Equal(app.UserIds["manager1"], (await director.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>()).OwnerId);
        Assert.All((await director.GetAsync($"/api/v1/tasks?dealId={first.Id}").Expect<JsonElement>()).GetProperty("items")
            .EnumerateArray(), t => Assert.Equal(app.UserIds["manager1"], t.GetProperty("assigneeId").GetInt32()));

        var moved = await director.PostJson("/api/v1/tasks/bulk", new
        {
            ids, action = "Reassign", assigneeId = app.UserIds["manager3"], withDeals = true,
        }).Expect<BulkTasksResponse>();
        Assert.Equal(2, moved.Changed);
        Assert.All(moved.Tasks, t => Assert.Equal(app.UserIds["manager3"], t.AssigneeId));
        var m3 = await Client("manager3");
        foreach (var deal in new[] { first, second })
        {
            var now = await m3.GetAsync($"/api/v1/deals/{deal.Id}").Expect<DealResponse>();
            Assert.Equal((app.UserIds["manager3"], deal.Version + 1), (now.OwnerId, now.Version));
            var history = await director.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
            var change = Assert.Single(history.Audit, a => a.Field == "ownerId");
            Assert.Equal((app.UserIds["manager1"].ToString(), app.UserIds["manager3"].ToString(), app.UserIds["director"]),
                (change.OldValue, change.NewValue, change.ChangedById));
        }
        await m1.GetAsync($"/api/v1/deals/{first.Id}").Problem(HttpStatusCode.NotFound);
    }
}
