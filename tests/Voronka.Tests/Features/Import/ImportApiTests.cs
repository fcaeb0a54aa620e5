using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Import;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Import;

/// <summary>A company of its own, so that what an import writes and removes is all there is.</summary>
public class ImportApp : VoronkaApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Import:PollSeconds", "0.1");
    }
}

/// <summary>A ZIP of CSV files through the API: the dry run, the commit with the history's own dates, the same file
/// again, a refused file, and the rollback.</summary>
public class ImportApiTests(ImportApp app) : IClassFixture<ImportApp>
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    private static DateTime Utc(string moscow) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(moscow, System.Globalization.CultureInfo.InvariantCulture), Moscow);

    internal static byte[] Zip(params (string Name, string Csv)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, csv) in files)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(csv);
            }
        return buffer.ToArray();
    }

    internal static byte[] History(string prefix) => Zip(
        ("companies.csv", $"""
            external_id;name;inn;owner;phone
            {prefix}-C1;ООО «Ромашка {prefix}»;;manager1;+7 (495) 100-20-30
            {prefix}-C2;АО «Василёк {prefix}»;;manager3;
            """),
        ("contacts.csv", $"""
            external_id;company;full_name;phones;emails;owner
            {prefix}-P1;{prefix}-C1;Ирина Петрова;8 916 123-45-67;irina@{prefix}.example;manager1
            """),
        ("deals.csv", $"""
            external_id;title;stage;owner;company;contact;amount;created_at;closed_at;status;loss_reason;expected_close_date
            {prefix}-D1;Поставка {prefix};Успешно;manager1;{prefix}-C1;{prefix}-P1;;03.02.2025 10:00;14.03.2025 16:30;won;;2025-03-31
            {prefix}-D2;Сервис {prefix};Проиграно;manager3;{prefix}-C2;;50 000;01.04.2025 09:00;20.06.2025 12:00;lost;Дорого;
            {prefix}-D3;Лицензии {prefix};Квалификация;manager1;{prefix}-C1;;10 000,50;01.11.2025 11:00;;open;;
            """),
        ("stage_history.csv", $"""
            deal;stage;entered_at;by
            {prefix}-D1;Новый лид;2025-02-03 10:00;manager1
            {prefix}-D1;Встреча;2025-02-10 12:00;manager1
            {prefix}-D1;КП отправлено;2025-02-20 15:00;manager1
            {prefix}-D1;Успешно;2025-03-14 16:30;senior1
            """),
        ("deal_lines.csv", $"""
            deal;product;quantity;price;discount
            {prefix}-D1;Внедрение {prefix};2;150 000;10
            """),
        ("products.csv", $"""
            name;price
            Внедрение {prefix};150000
            """),
        ("activities.csv", $"""
            external_id;deal;type;at;owner;duration_seconds;direction;result;text
            {prefix}-A1;{prefix}-D1;звонок;03.02.2025 11:00;manager1;300;out;connected;Первый звонок
            {prefix}-A2;{prefix}-D1;встреча;10.02.2025 12:00;manager1;3600;;;Встреча в офисе
            """),
        ("tasks.csv", $"""
            external_id;deal;assignee;title;type;due;done_at
            {prefix}-T1;{prefix}-D3;manager1;Позвонить по лицензиям;call;2025-11-05 10:00;2025-11-05 12:00
            """));

    internal static async Task<ImportBatchResponse> Upload(HttpClient c, byte[] file, string name = "history.zip")
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "file", name);
        return await c.PostAsync("/api/v1/imports", form).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
    }

    internal static async Task<ImportBatchResponse> Until(HttpClient c, int id, params ImportStatus[] statuses)
    {
        for (var i = 0; i < 600; i++)
        {
            var batch = await c.GetAsync($"/api/v1/imports/{id}").Expect<ImportBatchResponse>();
            if (statuses.Contains(batch.Status)) return batch;
            // A step that ended otherwise will not change by waiting.
            if (batch.Status is ImportStatus.Refused or ImportStatus.Failed or ImportStatus.RolledBack
                || (batch.Status is ImportStatus.Checked && i > 0 && !statuses.Contains(ImportStatus.Checking)))
                Assert.Fail($"The import {id} became {batch.Status}, not {string.Join(" or ", statuses)}: {batch.Failure}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"The import {id} did not become {string.Join(" or ", statuses)} in a minute.");
    }

    private static TableCounts Table(ImportBatchResponse b, string table) => b.Report!.Tables.Single(t => t.Table == table);

    [Fact]
    public async Task A_history_goes_in_with_its_own_dates_twice_changes_nothing_and_a_rollback_removes_it()
    {
        var c = await app.As("director");
        var file = History("H1");
        var batch = await Upload(c, file);
        Assert.Equal(ImportStatus.Checking, batch.Status);
        batch = await Until(c, batch.Id, ImportStatus.Checked, ImportStatus.Refused);
        Assert.Equal(ImportStatus.Checked, batch.Status);
        Assert.Equal(0, batch.ErrorCount);
        Assert.Equal((3, 3, 0, 0), (Table(batch, "deals").Rows, Table(batch, "deals").Create, Table(batch, "deals").Update, Table(batch,
            "deals").Skip));
        Assert.Equal(4, Table(batch, "stage_history").Create);
        Assert.Equal(2, Table(batch, "activities").Create);
        // The won deal's amount is its line: 2 × 150 000 less 10 %.
        Assert.Equal([new WonMonth("2025-03", "RUB", 1, 270_000m)], batch.Report!.WonByMonth);
        Assert.Equal([new OpenStage("Продажи", "Квалификация", 1, 10_000.50m)], batch.Report.OpenByStage);
        Assert.Equal(2, batch.Report.SynthesisedPaths);
        // Nothing is written by the dry run.
        Assert.Equal(0, (await c.GetAsync("/api/v1/deals?externalId=H1-D1").Expect<DealListResponse>()).Total);

        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        batch = await Until(c, batch.Id, ImportStatus.Committed, ImportStatus.Failed);
        Assert.True(batch.Status == ImportStatus.Committed, batch.Failure);

        var won = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=H1-D1").Expect<DealListResponse>()).Items);
        Assert.Equal(Utc("2025-03-14 16:30"), won.ClosedAt);
        Assert.Equal(Utc("2025-02-03 10:00"), won.CreatedAt);
        Assert.Equal(270_000m, won.Amount);
        var history = await c.GetAsync($"/api/v1/deals/{won.Id}/history").Expect<DealHistoryResponse>();
        Assert.Equal([Utc("2025-02-03 10:00"), Utc("2025-02-10 12:00"), Utc("2025-02-20 15:00"), Utc("2025-03-14 16:30")],
            history.Stages.Select(s => s.ChangedAt).ToArray());
        Assert.Equal(app.UserIds["senior1"], history.Stages[^1].ChangedById);
        // The kept figures count the sale on its own day and the calls on theirs.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
        {
            var sale = await db.SalesDays.SingleAsync(s => s.Day == new DateOnly(2025, 3, 14));
            Assert.Equal((app.UserIds["manager1"], 1, 27_000_000L), (sale.OwnerId, sale.Count, sale.AmountMinor));
            Assert.Equal(2, await db.ActivityDays.Where(d => d.Day.Year == 2025 && d.Day.Month == 2).SumAsync(d => d.Count));
        }
        // The import keeps each path's previous moments and each deal's furthest stage itself: the same as a full rebuild finds.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
        {
            async Task<List<string>> Kept() =>
                (await db.DealStageChanges.AsNoTracking().OrderBy(x => x.Id).Select(x => new { x.Id, x.PreviousChangeAt,
                    x.PreviousEntryAt }).ToListAsync())
                .Select(x => $"{x.Id} {x.PreviousChangeAt:O} {x.PreviousEntryAt:O}")
                .Concat((await db.Deals.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.FurthestPosition }).ToListAsync())
                    .Select(d => $"deal {d.Id} {d.FurthestPosition}")).ToList();
            var imported = await Kept();
            Assert.Contains(imported, k => k.EndsWith(" 3", StringComparison.Ordinal));
            await Voronka.Core.Features.Reports.KeptFigures.RebuildAsync(db, default);
            Assert.Equal(await Kept(), imported);
        }
        var lost = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=H1-D2").Expect<DealListResponse>()).Items);
        Assert.Equal(Utc("2025-06-20 12:00"), lost.ClosedAt);

        // The same file again: every row is found and left as it is.
        var again = await Until(c, (await Upload(c, file)).Id, ImportStatus.Checked);
        Assert.Equal((0, 0, 3), (Table(again, "deals").Create, Table(again, "deals").Update, Table(again, "deals").Skip));
        Assert.Equal((0, 2), (Table(again, "companies").Create, Table(again, "companies").Skip));
        Assert.Equal(2, Table(again, "activities").Skip);
        // Nothing the file repeats adds to the reports.
        Assert.Empty(again.Report!.WonByMonth);
        Assert.Empty(again.Report.OpenByStage);
        await c.PostAsync($"/api/v1/imports/{again.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await Until(c, again.Id, ImportStatus.Committed, ImportStatus.Failed)).Status);
        var same = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=H1-D1").Expect<DealListResponse>()).Items);
        Assert.Equal((won.Id, won.Version), (same.Id, same.Version));

        // The rollback removes what the first import created.
        await c.PostAsync($"/api/v1/imports/{batch.Id}/rollback", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.RolledBack, (await Until(c, batch.Id, ImportStatus.RolledBack, ImportStatus.Committed)).Status);
        Assert.Equal(0, (await c.GetAsync("/api/v1/deals?externalId=H1-D1").Expect<DealListResponse>()).Total);
        Assert.Equal(0, (await c
            .GetAsync("/api/v1/companies?externalId=H1-C1").Expect<Page<Core.Features.Companies.CompanyResponse>>()).Total);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
            Assert.False(await db.SalesDays.AnyAsync(s => s.Day == new DateOnly(2025, 3, 14)));

        // A committed import is not discarded; a rolled back one goes with its file and what it kept for the rollback.
        var kept = await c.DeleteAsync($"/api/v1/imports/{again.Id}").Problem(HttpStatusCode.Conflict);
        Assert.Contains("is committed; only one that holds nothing", kept.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/imports/{batch.Id}")).StatusCode);
        await c.GetAsync($"/api/v1/imports/{batch.Id}").Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await c.GetAsync("/api/v1/imports").Expect<List<ImportBatchResponse>>()), b => b.Id == batch.Id);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync())
            Assert.False(await db.ImportRecords.AnyAsync(r => r.BatchId == batch.Id)
                || await db.ImportFiles.AnyAsync(f => f.BatchId == batch.Id));
    }

    [Fact]
    public async Task A_file_with_an_unknown_stage_and_owner_is_listed_row_by_row_and_cannot_be_committed()
    {
        var c = await app.As("director");
        var file = Zip(("deals.csv", """
            external_id;title;stage;owner;created_at;status
            B-1;Сделка;Думает;manager1;2025-05-01 10:00;open
            B-2;Сделка 2;Новый лид;Неизвестный Человек;2025-05-01 10:00;open
            B-3;Сделка 3;Новый лид;manager1;2099-05-01 10:00;open
            """));
        var batch = await Until(c, (await Upload(c, file)).Id, ImportStatus.Checked);
        Assert.Equal(3, batch.ErrorCount);
        var errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        Assert.Equal(
            [("deals", 2, "stage", "Думает"), ("deals", 3, "owner", "Неизвестный Человек"), ("deals", 4, "created_at", "2099-05-01 10:00")],
            errors.Items.Select(e => (e.Table, e.Row, e.Column, e.Value)).Order().ToArray());
        Assert.Contains(errors.Items, e => e.Reason == ImportRules.InFuture);
        var problem = await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Problem(HttpStatusCode.Conflict);
        Assert.Contains("3", problem.GetProperty("detail").GetString());

        // The director maps the stage and the person; the dry run runs again and only the date is left.
        var mapping = batch.Mapping! with
        {
            Stages = new Dictionary<string, string> { ["Думает"] = "Квалификация" },
            People = new Dictionary<string, string> { ["Неизвестный Человек"] = "manager2" },
        };
        await c.PutJson($"/api/v1/imports/{batch.Id}/mapping", mapping).Expect<ImportBatchResponse>();
        batch = await Until(c, batch.Id, ImportStatus.Checked);
        Assert.Equal(1, batch.ErrorCount);
        Assert.Equal(0, (await c.GetAsync("/api/v1/deals?externalId=B-1").Expect<DealListResponse>()).Total);
    }

    [Fact]
    public async Task Only_the_director_imports_and_a_file_that_is_no_table_is_refused()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(History("M")), "file", "x.zip" } };
        await (await app.As("senior1")).PostAsync("/api/v1/imports", form).Problem(HttpStatusCode.Forbidden);
        var c = await app.As("director");
        using var garbage = new MultipartFormDataContent { { new ByteArrayContent(Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 256))
            .ToArray()), "file", "x.xlsx" } };
        var problem = await c.PostAsync("/api/v1/imports", garbage).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(["file"], problem.ErrorFields());
        Assert.DoesNotContain(await c.GetAsync("/api/v1/imports").Expect<List<ImportBatchResponse>>(), b => b.FileName == "x.xlsx");
    }
}

/// <summary>A rollback on a company of its own, so that the other imports' rows do not meet it.</summary>
public class ImportRollbackTests(ImportApp app) : IClassFixture<ImportApp>
{
    [Fact]
    public async Task A_rollback_is_refused_naming_the_deal_someone_moved_since_and_nothing_is_removed()
    {
        var c = await app.As("director");
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, ImportApiTests.History("R2"))).Id, ImportStatus.Checked);
        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed, ImportStatus.Failed)).Status);
        var open = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=R2-D3").Expect<DealListResponse>()).Items);
        var stages = await c.GetAsync("/api/v1/pipelines").Expect<List<Core.Features.Pipelines.PipelineResponse>>();
        var meeting = stages.Single(p => p.IsDefault).Stages.Single(s => s.Name == "Встреча").Id;
        await (await app.As("manager1")).PostJson($"/api/v1/deals/{open.Id}/move", new { stageId = meeting }).Expect<DealResponse>();

        var problem = await c.PostAsync($"/api/v1/imports/{batch.Id}/rollback", null).Problem(HttpStatusCode.Conflict);
        Assert.Contains($"«Лицензии R2» (#{open.Id})", problem.GetProperty("detail").GetString());
        Assert.Equal(ImportStatus.Committed, (await c.GetAsync($"/api/v1/imports/{batch.Id}").Expect<ImportBatchResponse>()).Status);
        Assert.Equal(3, (await c.GetAsync("/api/v1/deals?q=R2").Expect<DealListResponse>()).Total);
    }
}
