using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.FillQuality;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.FillQuality;

/// <summary>A company of its own: the test moves its clock by days and counts every open deal.</summary>
public class FillQualityApp : VoronkaApp;

public class FillQualityTests(FillQualityApp app) : IClassFixture<FillQualityApp>
{
    private Task<HttpClient> Client(string login) => app.SignInAsync(login, VoronkaApp.Password);

    private static async Task<int> TotalAsync(HttpClient c, string list)
    {
        var body = await c.GetAsync(list + (list.Contains('?') ? "&" : "?") + "pageSize=1").Expect<JsonElement>();
        return body.GetProperty("total").GetInt32();
    }

    private static IEnumerable<FillFigure> Figures(FillRow r) => [r.Open, r.Incomplete, r.NoNextStep, r.Rotting, r.Unreachable];

    [Fact]
    public async Task Scores_lists_a_new_rule_late_fills_the_trend_the_digest_and_the_kpi_agree()
    {
        var director = await Client("director");
        await director.PostJson("/api/v1/custom-fields", new { entity = "Deal", key = "budget", name = "Бюджет", type = "Text" })
            .Expect<CustomFieldResponse>(HttpStatusCode.Created);
        var pipeline = await director.PostJson("/api/v1/pipelines", new
        {
            name = "Качество",
            stages = new object[]
            {
                new { name = "Знакомство", rottingDays = 7 }, new { name = "Расчёт", requiredFields = new[] { "amount" } },
                new { name = "Оплачено", kind = "Won" }, new { name = "Отказ", kind = "Lost" },
            },
        }).Expect<PipelineResponse>(HttpStatusCode.Created);
        var (first, calc) = (pipeline.Stages[0].Id, pipeline.Stages[1].Id);
        var m1 = await Client("manager1");
        var m2 = await Client("manager2");
        var phone = await m1.PostJson("/api/v1/contacts", new { name = "С телефоном", phones = new[] { "+7 912 000-11-22" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var mail = await m2.PostJson("/api/v1/contacts", new { name = "С почтой", emails = new[] { "client@example.com" } })
            .Expect<ContactResponse>(HttpStatusCode.Created);
        var silent = await m2.PostJson("/api/v1/contacts",
            new { name = "Без связи" }).Expect<ContactResponse>(HttpStatusCode.Created);
        async Task<DealResponse> Deal(HttpClient c, string title, int stageId, object? extra = null, bool task = false)
        {
            var body = JsonSerializer.SerializeToElement(new { title, stageId }).EnumerateObject()
                .Concat(extra is null ? [] : JsonSerializer.SerializeToElement(extra).EnumerateObject())
                .ToDictionary(p => p.Name, p => (object)p.Value);
            var deal = await c.PostJson("/api/v1/deals", body).Expect<DealResponse>(HttpStatusCode.Created);
            if (task)
                await c.PostJson("/api/v1/tasks", new { dealId = deal.Id, kind = "Call", title = "Созвон",
                    dueAt = app.Clock.GetUtcNow().AddDays(30) })
                    .Expect<TaskResponse>(HttpStatusCode.Created);
            return deal;
        }
        var good = await Deal(m1, "Всё есть", first, new { contactId = phone.Id }, task: true);
        var bare = await Deal(m1, "Пустая", first);
        var later = await Deal(m2, "Станет неполной", calc, new { amount = 100m, contactId = mail.Id }, task: true);
        var kept = await Deal(m2, "Останется полной", calc, new
        {
            amount = 200m, contactId = silent.Id, expectedCloseDate = "2027-01-31", customFields = new { budget = "есть" },
        }, task: true);
        app.Clock.Advance(TimeSpan.FromDays(8));
        (director, m1, m2) = (await Client("director"), await Client("manager1"), await Client("manager2"));

        // manager1: 2 open, both rotting, one without a next step and a reachable contact: (8 − 2 − 1 − 1) / 8.
        var report = await director.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        var r1 = report.People.Single(p => p.UserId == app.UserIds["manager1"]);
        var r2 = report.People.Single(p => p.UserId == app.UserIds["manager2"]);
        Assert.Equal((2, 0, 1, 2, 1, 50), (r1.Open.Count, r1.Incomplete.Count, r1.NoNextStep.Count, r1.Rotting.Count, r1.Unreachable.Count,
            r1.Score));
        Assert.Equal(new FillShares(100, 50, 0, 50), r1.Shares);
        Assert.Equal((2, 0, 0, 0, 1, 88), (r2.Open.Count, r2.Incomplete.Count, r2.NoNextStep.Count, r2.Rotting.Count, r2.Unreachable.Count,
            r2.Score));
        Assert.Equal(app.UserIds["manager1"], report.LowestUserId);
        Assert.Equal(app.UserIds["manager1"], report.People[0].UserId);
        Assert.Null(report.People.Single(p => p.UserId == app.UserIds["manager3"]).Score);
        Assert.Equal((4, 69), (report.Total.Open.Count, report.Total.Score));
        foreach (var row in report.People.Append(report.Total))
        foreach (var figure in Figures(row))
            Assert.Equal(figure.Count, await TotalAsync(director, figure.List));

        // What to fix: the empty deal (three gaps) before the one that only rots.
        var fix = await m1.GetAsync("/api/v1/reports/fill-quality/to-fix").Expect<FillToFixResponse>();
        Assert.Equal([bare.Id, good.Id], fix.Deals.Select(d => d.DealId));
        Assert.Equal((true, true, true), (fix.Deals[0].NoNextStep, fix.Deals[0].Rotting, fix.Deals[0].Unreachable));
        Assert.Equal((false, true, false), (fix.Deals[1].NoNextStep, fix.Deals[1].Rotting, fix.Deals[1].Unreachable));
        var mine = await m1.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        Assert.Equal([app.UserIds["manager1"]], mine.People.Select(p => p.UserId));
        Assert.Equal(r1.Score, mine.People[0].Score);

        // The weekly digest: once a week, the score and the deals to fix; the head learns the lowest score.
        var digest = app.Services.GetRequiredService<FillDigest>();
        Assert.True(await digest.SendAsync(default));
        Assert.False(await digest.SendAsync(default));
        var told = await m1.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Equal("50 %, 2", told.Items.Single(n => n.Kind == NotificationKind.FillDigest).Subject);
        var head = await director.GetAsync("/api/v1/notifications").Expect<NotificationsResponse>();
        Assert.Equal("MANAGER1, 50 %", head.Items.Single(n => n.Kind == NotificationKind.FillDigestTeam).Subject);

        // The KPI catalogue's indicator is the report's score.
        await director.PutJson("/api/v1/kpi/catalog", new { items = new[] { new { code = "FillQuality", isEnabled = true } } })
            .Expect<JsonElement>();
        var today = DateOnly.FromDateTime(app.UtcNow);
        var board = await director.GetAsync($"/api/v1/kpi?from={today.AddDays(1 - today.Day):yyyy-MM-dd}&to={today:yyyy-MM-dd}")
            .Expect<KpiBoardResponse>();
        Assert.Equal(50m,
            board.Rows.Single(r => r.UserId == app.UserIds["manager1"]).Cells.Single(c => c.Code == KpiCode.FillQuality).Fact);
        Assert.Equal(69m, board.Total.Cells.Single(c => c.Code == KpiCode.FillQuality).Fact);

        // This morning is kept; a week later the past week reads it, the current one is live.
        var kept1 = await app.Services.GetRequiredService<FillQualityService>().TakeSnapshotAsync(default);
        var stages = pipeline.Stages.Select(s => new
        {
            id = s.Id, name = s.Name, kind = s.Kind.ToString(), probability = s.Probability, rottingDays = s.RottingDays,
            requiredFields = s.Id == calc ? new[] { "amount", "expectedCloseDate", "custom.budget" } : s.RequiredFields,
        });
        var edited = await director.PutJson($"/api/v1/pipelines/{pipeline.Id}", new { name = "Качество", stages })
            .Expect<PipelineResponse>();
        // A new required field lists exactly the deals that no longer comply, with their owners.
        var listed = Assert.Single(edited.NoLongerComplying!);
        Assert.Equal((later.Id, "MANAGER2", calc), (listed.DealId, listed.OwnerName, listed.StageId));
        Assert.Equal(["expectedCloseDate", "custom.budget"], listed.Missing);
        Assert.Equal(1, edited.NoLongerComplyingCount);
        var incomplete = await director.GetAsync("/api/v1/deals?incomplete=true").Expect<DealListResponse>();
        Assert.Equal([later.Id], incomplete.Items.Select(d => d.Id));
        Assert.Equal(1, await TotalAsync(director, "/api/v1/deals?incomplete=false&ownerId=" + app.UserIds["manager2"]));
        var again = await director.PutJson($"/api/v1/pipelines/{pipeline.Id}", new { name = "Качество",
            stages }).Expect<PipelineResponse>();
        Assert.Empty(again.NoLongerComplying!);

        // Filling them now is late: after the move, not before it.
        var current = await m2.GetAsync($"/api/v1/deals/{later.Id}").Expect<DealResponse>();
        await m2.PutJson($"/api/v1/deals/{later.Id}", new
        {
            version = current.Version, title = current.Title, amount = 100m, contactId = mail.Id, expectedCloseDate = "2027-02-28",
            customFields = new { budget = "согласован" },
        }).Expect<DealResponse>();
        // Filled in the move itself (the stage's dialog) is filled before, though the save stamps its rows a moment apart.
        var m3 = await Client("manager3");
        var moved = await Deal(m3, "Заполнена при переходе", first);
        await m3.PostJson($"/api/v1/deals/{moved.Id}/move", new
        {
            stageId = calc, version = moved.Version, amount = 300m, expectedCloseDate = "2027-03-31",
            customFields = new { budget = "утверждён" },
        }).Expect<DealResponse>();
        var afterFill = await director.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        Assert.Equal(0, afterFill.People.Single(p => p.UserId == app.UserIds["manager3"]).LateFills);
        Assert.Equal(2, afterFill.People.Single(p => p.UserId == app.UserIds["manager2"]).LateFills);
        Assert.Equal(0, afterFill.People.Single(p => p.UserId == app.UserIds["manager1"]).LateFills);
        Assert.Equal(0, await TotalAsync(director, "/api/v1/deals?incomplete=true"));

        app.Clock.Advance(TimeSpan.FromDays(7));
        director = await Client("director");
        m1 = await Client("manager1");
        await m1.PostJson("/api/v1/tasks", new { dealId = bare.Id, kind = "Call", title = "Позвонить",
            dueAt = app.Clock.GetUtcNow().AddDays(1) })
            .Expect<TaskResponse>(HttpStatusCode.Created);
        var week = await director.GetAsync("/api/v1/reports/fill-quality").Expect<FillQualityResponse>();
        var trend = week.People.Single(p => p.UserId == app.UserIds["manager1"]).Trend;
        Assert.Equal(FillQualityService.WeeksByDefault, trend.Count);
        Assert.Equal((kept1, 50), (trend[^2].Day, trend[^2].Score));
        // Now a next step on both: (8 − 0 − 0 − 2 − 1) / 8.
        Assert.Equal(((DateOnly?)null, 63), (trend[^1].Day, trend[^1].Score));
        Assert.All(trend.SkipLast(2), w => Assert.Null(w.Score));
        // A past period's indicator is its last morning, not today: 50 then, 63 now.
        var past = await director.GetAsync($"/api/v1/kpi?from={FillQualityService.WeekStart(kept1):yyyy-MM-dd}&to={kept1:yyyy-MM-dd}")
            .Expect<KpiBoardResponse>();
        Assert.Equal(50m,
            past.Rows.Single(r => r.UserId == app.UserIds["manager1"]).Cells.Single(c => c.Code == KpiCode.FillQuality).Fact);
        var earlier = await director.GetAsync($"/api/v1/kpi?from={kept1.AddDays(-40):yyyy-MM-dd}&to={kept1.AddDays(-1):yyyy-MM-dd}")
            .Expect<KpiBoardResponse>();
        // Before the first morning kept there is nothing to judge: no deals in the sample.
        var none = earlier.Rows.Single(r => r.UserId == app.UserIds["manager1"]).Cells.Single(c => c.Code == KpiCode.FillQuality);
        Assert.Equal((0m, 0), (none.Fact, none.Sample));
    }

    [Fact]
    public async Task Bad_filters_and_periods_are_refused_by_name_and_the_assistant_sees_no_scores()
    {
        var director = await app.As("director");
        Assert.Equal(["contactWay"],
            (await director.GetAsync("/api/v1/deals?contactWay=some").Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["to"], (await director.GetAsync("/api/v1/reports/fill-quality?from=2026-12-01&to=2026-11-01")
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["take"], (await director.GetAsync("/api/v1/reports/fill-quality/to-fix?take=0").Problem(HttpStatusCode.BadRequest))
            .ErrorFields());
        var assistant = await app.As("assistant");
        await assistant.GetAsync("/api/v1/reports/fill-quality").Problem(HttpStatusCode.Forbidden);
        await assistant.GetAsync("/api/v1/reports/fill-quality/to-fix").Problem(HttpStatusCode.Forbidden);
    }
}
