using System.Net;
using System.Net.Http.Headers;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Deals;

/// <summary>A company of its own: the test moves its clock.</summary>
public class TimelineApp : VoronkaApp;

public class DealTimelineTests(TimelineApp app) : IClassFixture<TimelineApp>
{
    [Fact]
    public async Task The_timeline_merges_activities_tasks_moves_changes_and_files_newest_first_and_pages_without_gaps()
    {
        var m1 = await app.As("manager1");
        var stages = (await m1.GetAsync("/api/v1/pipelines").Expect<List<PipelineResponse>>()).Single(p => p.IsDefault).Stages;
        var deal = await m1.PostJson("/api/v1/deals",
            new { title = "Лента сделки" }).Expect<DealResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await m1.PostJson("/api/v1/activities", new { type = "Call", dealId = deal.Id, direction = "Outgoing", callResult = "Connected",
            durationSeconds = 180, notes = "Обсудили объём" }).Expect<ActivityResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var task = await m1.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", title = "Перезвонить",
            dueAt = app.Clock.GetUtcNow().AddDays(1) }).Expect<TaskResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var moved = await m1.PostJson($"/api/v1/deals/{deal.Id}/move", new { stageId = stages[1].Id, version = deal.Version })
            .Expect<DealResponse>();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await m1.PutJson($"/api/v1/deals/{deal.Id}", new { version = moved.Version, title = "Лента сделки",
            ownerId = moved.OwnerId, currency = "RUB", amount = 150000m }).Expect<DealResponse>();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var pdf = new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray());
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await m1.PostAsync("/api/v1/files", new MultipartFormDataContent
        {
            { new StringContent("Deal"), "ownerType" }, { new StringContent(deal.Id.ToString()), "ownerId" }, { pdf, "file", "КП.pdf" },
        }).Expect<FileResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await m1.PostJson("/api/v1/activities", new { type = "Note", dealId = deal.Id, notes = "Клиент в отпуске до "
            + "понедельника" })
            .Expect<ActivityResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await m1.PostJson($"/api/v1/tasks/{task.Id}/complete",
            new { result = "Договорились о встрече" }).Expect<TaskResponse>();

        var all = await m1.GetAsync($"/api/v1/deals/{deal.Id}/timeline").Expect<TimelinePage>();
        Assert.Null(all.Before);
        Assert.Equal([TimelineKind.Task, TimelineKind.Activity, TimelineKind.File, TimelineKind.Change, TimelineKind.Stage,
            TimelineKind.Activity], all.Items.Take(6).Select(e => e.Kind));
        // The deal's birth: created, and put in the first stage.
        Assert.Equal([TimelineKind.Stage, TimelineKind.Change], all.Items.Skip(6).Select(e => e.Kind).Order());
        Assert.Equal(all.Items.Select(e => e.At).OrderByDescending(x => x), all.Items.Select(e => e.At));
        var done = all.Items[0];
        Assert.Equal((DealTaskStatus.Done, "Договорились о встрече", "MANAGER1"),
            (done.Task!.Status, done.Task.Result, done.UserName));
        Assert.Equal(ActivityType.Note, all.Items[1].Activity!.Type);
        Assert.Equal("КП.pdf", all.Items[2].File!.FileName);
        Assert.Equal(("amount", "150000"), (all.Items[3].Change!.Field, all.Items[3].Change!.NewValue));
        Assert.Equal((stages[0].Name, stages[1].Name), (all.Items[4].Stage!.FromStageName, all.Items[4].Stage!.ToStageName));
        Assert.Equal((CallDirection.Outgoing, 180), (all.Items[5].Activity!.Direction, all.Items[5].Activity!.DurationSeconds));
        Assert.Equal("created", all.Items.Skip(6).Single(e => e.Kind == TimelineKind.Change).Change!.Field);
        Assert.Equal((null, stages[0].Name), all.Items.Skip(6).Single(e => e.Kind == TimelineKind.Stage).Stage is { } first
            ? (first.FromStageName, first.ToStageName) : default);
        Assert.DoesNotContain(all.Items, e => e.Change?.Field == "stageId");

        // Pages of three follow each other without a gap or a repeat.
        var seen = new List<TimelineEntry>();
        DateTime? before = null;
        do
        {
            var page = await m1.GetAsync($"/api/v1/deals/{deal.Id}/timeline?take=3"
                + (before is DateTime b ? "&before=" + Uri.EscapeDataString(b.ToString("O")) : "")).Expect<TimelinePage>();
            Assert.InRange(page.Items.Count, 1, 3);
            seen.AddRange(page.Items);
            before = page.Before;
        }
        while (before is not null);
        Assert.Equal(all.Items.Select(e => (e.Kind, e.At)), seen.Select(e => (e.Kind, e.At)));

        await (await app.As("manager3")).GetAsync($"/api/v1/deals/{deal.Id}/timeline").Problem(HttpStatusCode.NotFound);
        Assert.Equal(8, (await (await app.As("senior1")).GetAsync($"/api/v1/deals/{deal.Id}/timeline").Expect<TimelinePage>()).Items.Count);
    }

    [Fact]
    public async Task A_change_of_custom_fields_is_told_field_by_field_with_the_names_behind_ids()
    {
        var director = await app.As("director");
        foreach (var (key, type) in new[] { ("line_budget", "Text"), ("line_approved", "YesNo"), ("line_curator", "User") })
            await director.PostJson("/api/v1/custom-fields", new { entity = "Deal", key, name = key, type })
                .Expect<Voronka.Core.Features.CustomFields.CustomFieldResponse>(HttpStatusCode.Created);
        var m1 = await app.As("manager1");
        var deal = await m1.PostJson("/api/v1/deals", new { title = "Поля по одному" })
            .Expect<DealResponse>(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var filled = await m1.PutJson($"/api/v1/deals/{deal.Id}", new
        {
            version = deal.Version, title = deal.Title,
            customFields = new Dictionary<string, object> { ["line_budget"] = "есть", ["line_approved"] = true,
                ["line_curator"] = app.UserIds["senior1"] },
        }).Expect<DealResponse>();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await m1.PutJson($"/api/v1/deals/{deal.Id}", new
        {
            version = filled.Version, title = deal.Title,
            customFields = new Dictionary<string, object> { ["line_budget"] = "нет", ["line_approved"] = true,
                ["line_curator"] = app.UserIds["senior1"] },
        }).Expect<DealResponse>();

        var changes = (await m1.GetAsync($"/api/v1/deals/{deal.Id}/timeline").Expect<TimelinePage>()).Items
            .Where(e => e.Kind == TimelineKind.Change && e.Change!.Field != "created").Select(e => e.Change!).ToList();
        Assert.DoesNotContain(changes, c => c.Field == "customFields");
        Assert.Equal([("custom.line_budget", "есть", "нет")], changes.Take(1).Select(c => (c.Field, c.OldValue, c.NewValue)));
        Assert.Equal(
            [("custom.line_approved", null, "true", null), ("custom.line_budget", null, "есть", null),
                ("custom.line_curator", null, app.UserIds["senior1"].ToString(), "SENIOR1")],
            changes.Skip(1).Select(c => (c.Field, c.OldValue, c.NewValue, c.NewText)).OrderBy(c => c.Field));
        var history = await m1.GetAsync($"/api/v1/deals/{deal.Id}/history").Expect<DealHistoryResponse>();
        Assert.Equal(4, history.Audit.Count(a => a.Field.StartsWith("custom.", StringComparison.Ordinal)));
    }
}
