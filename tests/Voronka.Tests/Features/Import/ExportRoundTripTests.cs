using System.Net;
using System.Text.Json;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Import;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Import;

/// <summary>Everything exported and imported into an empty Voronka reads the same in the reports.</summary>
public class ExportRoundTripTests(ImportApp app) : IClassFixture<ImportApp>
{
    private static readonly SemaphoreSlim Filled = new(1, 1);
    private static bool _filled;

    /// <summary>A year of history from a file, and today's work typed through the API.</summary>
    private async Task FillAsync()
    {
        await Filled.WaitAsync();
        try
        {
            if (_filled) return;
            var c = await app.As("director");
            var batch = await ImportApiTests.Upload(c, ImportApiTests.History("R"));
            await ImportApiTests.Until(c, batch.Id, ImportStatus.Checked);
            await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
            Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed,
                ImportStatus.Failed)).Status);
            var m = await app.As("manager1");
            var deal = await m.PostJson("/api/v1/deals", new { title = "Сегодняшняя", amount = 42_000m, expectedCloseDate = app.Today
                .AddDays(20) })
                .Expect<DealResponse>(HttpStatusCode.Created);
            await m.PostJson("/api/v1/activities", new { type = "call", dealId = deal.Id, occurredAt = app.UtcNow.AddMinutes(-5),
                direction = "outgoing",
                callResult = "connected", durationSeconds = 120 }).Expect<JsonElement>(HttpStatusCode.Created);
            await m.PostAsync($"/api/v1/deals/{deal.Id}/won", null).Expect<DealResponse>();
            _filled = true;
        }
        finally
        {
            Filled.Release();
        }
    }

    private static async Task<string> Json(HttpClient c, string url) => (await c.GetAsync(url).Expect<JsonElement>()).GetRawText();

    /// <summary>The figures compared: funnels of the history's year and of this month in both views, the activity report,
    /// the won deals with their keys, amounts and dates, and the dashboard's money.</summary>
    private static async Task<List<string>> FiguresAsync(HttpClient c, DateOnly today)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var list = new List<string>();
        foreach (var (from, to) in new[] { (new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), (month, today) })
            foreach (var view in new[] { "cohort", "flow" })
                list.Add(await Json(c, $"/api/v1/reports/funnel?view={view}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"));
        list.Add(await Json(c, "/api/v1/reports/activity?from=2025-01-01&to=2025-12-31&by=month"));
        var deals = await Http.All<DealResponse>(c, "/api/v1/deals?q=");
        list.AddRange(deals.Select(d => $"{d.Title}|{d.StageId}|{d.OwnerId}|{d.Amount}|{d.CreatedAt:O}|{d.ClosedAt:O}|{d.LossReasonId}")
            .Order(StringComparer.Ordinal));
        return list;
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("zip")]
    public async Task An_export_imported_into_an_empty_voronka_gives_the_same_reports(string format)
    {
        await FillAsync();
        var c = await app.As("director");
        var response = await c.GetAsync($"/api/v1/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = await response.Content.ReadAsByteArrayAsync();
        Assert.Contains($".{format}", response.Content.Headers.ContentDisposition?.FileName ?? "");

        var empty = new ImportApp();
        empty.Clock.Advance(app.Clock.GetUtcNow() - empty.Clock.GetUtcNow());
        await ((IAsyncLifetime)empty).InitializeAsync();
        try
        {
            var d = await empty.As("director");
            var batch = await ImportApiTests.Upload(d, file, $"backup.{format}");
            batch = await ImportApiTests.Until(d, batch.Id, ImportStatus.Checked, ImportStatus.Refused);
            Assert.True(batch.Status == ImportStatus.Checked, batch.Failure);
            var errors = await d.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
            Assert.True(batch.ErrorCount == 0, batch.Failure + string.Join("\n", errors.Items.Select(e =>
                $"{e.Table} {e.Row} {e.Column} {e.Value}: {e.Reason}")));
            await d.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
            batch = await ImportApiTests.Until(d, batch.Id, ImportStatus.Committed, ImportStatus.Failed);
            Assert.True(batch.Status == ImportStatus.Committed, batch.Failure);
            var figures = await FiguresAsync(c, app.Today);
            Assert.Equal(5 + 4, figures.Count);
            Assert.Equal(figures, await FiguresAsync(d, app.Today));
        }
        finally
        {
            await ((IAsyncLifetime)empty).DisposeAsync();
        }
    }

    [Fact]
    public async Task An_export_imported_back_into_the_same_voronka_changes_nothing()
    {
        await FillAsync();
        var c = await app.As("director");
        var file = await (await c.GetAsync("/api/v1/export?format=zip")).Content.ReadAsByteArrayAsync();
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, file, "backup.zip")).Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        foreach (var table in new[] { "companies", "contacts", "deals", "activities", "tasks", "deal_lines", "stage_history" })
        {
            var t = batch.Report!.Tables.Single(x => x.Table == table);
            Assert.True(t.Create == 0 && t.Update == 0 && t.Skip > 0, $"{table}: {t}");
        }
    }
}
