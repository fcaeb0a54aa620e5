using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Import;
using Voronka.Tests.Infrastructure;
using static Voronka.Tests.Features.Import.ImportApiTests;

namespace Voronka.Tests.Features.Import;

/// <summary>Bad files through the API, each refused with its reason named and nothing written: at the upload when the
/// file cannot be read as tables, in the dry run row by row when it can.</summary>
public class ImportBadFileTests(ImportApp app) : IClassFixture<ImportApp>
{
    static ImportBadFileTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Zip(string name, byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry(name).Open()) s.Write(content);
        return buffer.ToArray();
    }

    private static MultipartFormDataContent Form(HttpContent file, string name)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private async Task<(int Batches, int Deals)> Counts()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<VoronkaDbContext>>().CreateDbContextAsync();
        return (await db.ImportBatches.CountAsync(), await db.Deals.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task Files_that_cannot_be_read_as_tables_are_refused_at_the_upload_by_reason()
    {
        var c = await app.As("director");
        var before = await Counts();
        var noise = new byte[10 * 1024 * 1024];
        new Random(11).NextBytes(noise);
        var brokenWorkbook = Zip("xl/workbook.xml", Encoding.UTF8.GetBytes("<workbook><sheets><sheet name="));
        var wide = Encoding.UTF8.GetBytes(string.Join(";", Enumerable.Range(1, 10_000).Select(i => $"c{i}")) + "\n1;2\n");
        var dos = Encoding.GetEncoding(866).GetBytes("external_id;title;owner\nD-1;Поставка оборудования;Ирина "
            + "Петрова\n");
        var cases = new (string Name, byte[] Content, string Reason)[]
        {
            ("noise.csv", noise, ImportFile.Unreadable),
            ("broken.xlsx", brokenWorkbook, ImportFile.Unreadable),
            ("wide.csv", wide, $"has a table of 10000 columns; at most {ImportFile.MaxColumns} are read."),
            ("deals.csv", dos, ImportFile.OtherEncoding),
            ("empty.csv", [], "is empty."),
        };
        foreach (var (name, content, reason) in cases)
        {
            using var form = Form(new ByteArrayContent(content), name);
            var problem = await c.PostAsync("/api/v1/imports", form).Problem(HttpStatusCode.BadRequest);
            Assert.Equal(["file"], problem.ErrorFields());
            Assert.Equal(reason, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        }
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_without_being_kept()
    {
        var c = await app.As("director");
        var before = await Counts();
        using var form = Form(new Zeros(200L * 1024 * 1024), "big.csv");
        var response = await c.PostAsync("/api/v1/imports", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await Task.FromResult(response).Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("100 MB", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Formulas_and_repeated_keys_are_refused_row_by_row_and_the_batch_cannot_be_committed()
    {
        var c = await app.As("director");
        var before = await Counts();
        var file = Encoding.UTF8.GetBytes("""
            external_id;title;stage;owner;created_at;amount;status
            F-1;"=HYPERLINK(""http://example.com/x"";""Поставка"")";Новый лид;manager1;2025-05-01 10:00;1000;open
            F-2;Сервис;Новый лид;manager1;2025-05-01 10:00;=2*3;open
            F-3;Лицензии;Новый лид;manager1;2025-05-02 10:00;500;open
            F-3;Лицензии ещё раз;Новый лид;manager1;2025-05-03 10:00;700;open
            """);
        var batch = await Until(c, (await Upload(c, file, "deals.csv")).Id, ImportStatus.Checked);
        var errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        Assert.Equal(
            [
                (2, "title", ImportRules.Formula), (3, "amount", ImportRules.Formula),
                (5, "external_id", "is given to another row of the file (row 4)."),
            ],
            errors.Items.Select(e => (e.Row, e.Column, e.Reason)).Order().ToArray());
        Assert.Equal(3, batch.ErrorCount);
        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Problem(HttpStatusCode.Conflict);
        Assert.Equal(0, (await c.GetAsync("/api/v1/deals?externalId=F-3").Expect<DealListResponse>()).Total);
        Assert.Equal(before.Deals, (await Counts()).Deals);
    }

    [Fact]
    public async Task What_is_to_be_mapped_is_found_among_all_the_refused_rows_not_a_page_of_them()
    {
        var c = await app.As("director");
        var rows = Enumerable.Range(1, 510).Select(i => $"M-{i};Сделка {i};Новый лид;manager1;2025-05-01 "
            + $"10:00;много;open")
            .Append("M-511;Последняя;Тендерная комиссия;Редкий Человек;2025-05-01 10:00;1000;open");
        var file = Encoding.UTF8.GetBytes(string.Join("\n", rows.Prepend("external_id;title;stage;owner;created_at;amount;status")));
        var batch = await Until(c, (await Upload(c, file, "deals.csv")).Id, ImportStatus.Checked);
        Assert.Equal(512, batch.ErrorCount);
        var unknowns = await c.GetAsync($"/api/v1/imports/{batch.Id}/unknowns").Expect<ImportUnknowns>();
        Assert.Equal(["Тендерная комиссия"], unknowns.Stages);
        Assert.Equal(["Редкий Человек"], unknowns.People);
    }

    [Fact]
    public async Task A_table_saved_by_excel_as_unicode_text_is_read()
    {
        var c = await app.As("director");
        var text = "external_id\ttitle\tstage\towner\tcreated_at\tstatus\n"
            + "U-1\tПоставка «Ромашке»\tНовый лид\tmanager1\t2025-05-01 10:00\topen\n";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        var batch = await Until(c, (await Upload(c, bytes, "deals.csv")).Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        Assert.Equal(1, batch.Report!.Tables.Single(t => t.Table == "deals").Create);
    }
}
