using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Import;
using Voronka.Tests.Infrastructure;

namespace Voronka.Tests.Features.Import;

/// <summary>Deal exports of amoCRM and Bitrix24, as their users download them, mapped and imported.</summary>
public class ForeignExportTests(ImportApp app) : IClassFixture<ImportApp>
{
    // amoCRM's deals export: a CSV in UTF-8 with a BOM, ';', its own headers, companies and contacts by name only.
    private static string Csv(params string[][] rows) => string.Join("\r\n", rows.Select(r => string.Join(';', r)));

    private static byte[] Amo(string p) => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(
        ["ID", "Название сделки", "Бюджет", "Ответственный", "Дата создания", "Кем создана", "Этап", "Воронка", "Компания",
         "Основной контакт", "Теги", "Дата закрытия"],
        [$"{p}1", $"Поставка серверов {p}", "1 250 000", "Петров Пётр", "15.01.2025 10:12:00", "Петров Пётр", "Успешно реализовано",
         "Воронка", $"ООО Альфа {p}", "Иван Смирнов", "vip", "20.02.2025 17:40:00"],
        [$"{p}2", $"Лицензии {p}", "300 000", "Сидорова Анна", "03.03.2025 09:00:00", "Сидорова Анна", "Закрыто и не реализовано",
         "Воронка", $"ООО Бета {p}", "", "", "15.04.2025 11:00:00"],
        [$"{p}3", $"Сервис {p}", "90 000", "Петров Пётр", "05.05.2025 12:00:00", "Петров Пётр", "Переговоры", "Воронка", $"ооо альфа {p}",
         "Иван Смирнов", "", ""]))).ToArray();

    private static ImportMapping Mapped(ImportMapping proposed) => proposed with
    {
        Tables = proposed.Tables.Select(t => t with { Columns = t.Columns.ToDictionary(kv => kv.Key, kv => kv.Key == "Воронка" ? null
            : kv.Value) }).ToList(),
        Stages = new Dictionary<string, string> { ["Успешно реализовано"] = "Успешно", ["Закрыто и не реализовано"] = "Проиграно" },
        People = new Dictionary<string, string> { ["Петров Пётр"] = "manager1", ["Сидорова Анна"] = "manager2" },
    };

    [Fact]
    public async Task An_amocrm_deals_export_is_mapped_imported_with_its_companies_and_imported_again_without_change()
    {
        var c = await app.As("director");
        var file = Amo("amo");
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, file, "amocrm_export_leads_2025-12-01.csv")).Id,
            ImportStatus.Checked);
        // The headers are placed by themselves; what is left is amoCRM's own names for stages, people and the pipeline.
        var table = Assert.Single(batch.Mapping!.Tables);
        Assert.Equal("deals", table.Table);
        Assert.Equal(("external_id", "title", "amount", "owner", "stage", "company", "contact", "closed_at"),
            (table.Columns["ID"], table.Columns["Название сделки"], table.Columns["Бюджет"], table.Columns["Ответственный"],
                table.Columns["Этап"],
             table.Columns["Компания"], table.Columns["Основной контакт"], table.Columns["Дата закрытия"]));
        Assert.Null(table.Columns["Теги"]);
        var errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        // The stages are checked against a pipeline once it is known.
        Assert.Equal(["owner:Петров Пётр", "owner:Сидорова Анна", "pipeline:Воронка"],
            errors.Items.Select(e => $"{e.Column}:{e.Value}").Distinct().Order(StringComparer.Ordinal).ToArray());

        await c.PutJson($"/api/v1/imports/{batch.Id}/mapping", Mapped(batch.Mapping)).Expect<ImportBatchResponse>();
        batch = await ImportApiTests.Until(c, batch.Id, ImportStatus.Checked);
        Assert.Equal(0, batch.ErrorCount);
        var notes = batch.Report!.Notes.ToDictionary(n => n.Kind + (n.Column is null ? "" : ":" + n.Column), n => n.Count);
        Assert.Equal(2, notes[ImportNote.CompaniesMade]);
        Assert.Equal(1, notes[ImportNote.ContactsMade]);
        Assert.Equal(1, notes[ImportNote.LostWithoutReason]);
        Assert.Contains(ImportNote.ColumnLeftOut + ":Кем создана", notes.Keys);
        // The open deal stands in negotiations without the expected close date the stage requires.
        var gap = Assert.Single(batch.Report.OpenDealsFailingGates);
        Assert.Equal(("amo3", "Переговоры", "expectedCloseDate"), (gap.ExternalId, gap.Stage, string.Join(",", gap.Missing)));

        await c.PostAsync($"/api/v1/imports/{batch.Id}/commit", null).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        Assert.Equal(ImportStatus.Committed, (await ImportApiTests.Until(c, batch.Id, ImportStatus.Committed, ImportStatus.Failed)).Status);
        var won = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=amo1").Expect<DealListResponse>()).Items);
        var open = Assert.Single((await c.GetAsync("/api/v1/deals?externalId=amo3").Expect<DealListResponse>()).Items);
        Assert.Equal(1_250_000m, won.Amount);
        Assert.Equal(new DateTime(2025, 2, 20, 14, 40, 0, DateTimeKind.Utc), won.ClosedAt);
        Assert.Equal(app.UserIds["manager1"], won.OwnerId);
        // One company for «ООО Альфа» however it is written, and one contact for Иван Смирнов.
        Assert.NotNull(won.CompanyId);
        Assert.Equal((won.CompanyId, won.ContactId), (open.CompanyId, open.ContactId));
        Assert.NotNull(won.ContactId);

        // The same file with the same mapping, given at upload: nothing new, nothing changed.
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", "amocrm_export_leads_2025-12-01.csv");
        form.Add(new StringContent(JsonSerializer.Serialize(Mapped(batch.Mapping!), Http.Json)), "mapping");
        var again = await c.PostAsync("/api/v1/imports", form).Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        again = await ImportApiTests.Until(c, again.Id, ImportStatus.Checked);
        Assert.Equal(0, again.ErrorCount);
        var deals = again.Report!.Tables.Single(t => t.Table == "deals");
        Assert.Equal((0, 0, 3), (deals.Create, deals.Update, deals.Skip));
        Assert.DoesNotContain(again.Report.Tables, t => t.Table is "companies" or "contacts" && t.Create > 0);
    }

    private static Task<HttpResponseMessage> UploadWith(HttpClient c, byte[] file, string name, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        foreach (var (key, value) in fields) form.Add(new StringContent(value), key);
        return c.PostAsync("/api/v1/imports", form);
    }

    [Fact]
    public async Task A_mapping_saved_as_a_preset_reads_the_next_export_of_the_kind_the_same_way()
    {
        var c = await app.As("director");
        var first = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, Amo("pre"), "amocrm_export_leads_2025-11-01.csv")).Id,
            ImportStatus.Checked);
        // The director's own choice beyond the proposal: amoCRM's tags are the deal's source.
        var mapping = Mapped(first.Mapping!);
        mapping = mapping with { Tables = [mapping.Tables[0] with { Columns = new Dictionary<string, string?>(mapping.Tables[0].Columns)
            { ["Теги"] = "source" } }] };
        await c.PutJson($"/api/v1/imports/{first.Id}/mapping", mapping).Expect<ImportBatchResponse>();
        Assert.Equal(0, (await ImportApiTests.Until(c, first.Id, ImportStatus.Checked)).ErrorCount);
        var preset = await c.PostJson("/api/v1/imports/presets", new { name = " amoCRM, сделки ", mapping }).Expect<ImportPresetResponse>();
        Assert.Equal("amoCRM, сделки", preset.Name);

        // Next month's export, named by its own date, with the preset: the same columns, stages and people, nothing to correct.
        var next = await UploadWith(c, Amo("pre2"), "amocrm_export_leads_2025-12-01.csv", ("preset", preset.Id.ToString()))
            .Expect<ImportBatchResponse>(HttpStatusCode.Accepted);
        next = await ImportApiTests.Until(c, next.Id, ImportStatus.Checked);
        Assert.Equal(0, next.ErrorCount);
        Assert.Equal("source", next.Mapping!.Tables[0].Columns["Теги"]);
        Assert.Null(next.Mapping.Tables[0].Columns["Воронка"]);
        Assert.Equal("manager2", next.Mapping.People!["Сидорова Анна"]);
        Assert.Equal(3, next.Report!.Tables.Single(t => t.Table == "deals").Create);

        // Saved again under the same name: replaced, not doubled.
        await c.PostJson("/api/v1/imports/presets", new { name = "amoCRM, сделки", mapping = first.Mapping })
            .Expect<ImportPresetResponse>();
        var presets = await c.GetAsync("/api/v1/imports/presets").Expect<List<ImportPresetResponse>>();
        Assert.Equal([preset.Id], presets.Where(p => p.Name == "amoCRM, сделки").Select(p => p.Id).ToArray());
        // A preset that is not there, or given beside a mapping, is refused naming it; a manager sees none.
        Assert.Equal(["preset"], (await UploadWith(c, Amo("pre3"), "x.csv", ("preset", "999999")).Problem(HttpStatusCode.BadRequest))
            .ErrorFields());
        var json = JsonSerializer.Serialize(mapping, Http.Json);
        Assert.Equal(["preset"], (await UploadWith(c, Amo("pre4"), "x.csv", ("preset", preset.Id.ToString()), ("mapping", json))
            .Problem(HttpStatusCode.BadRequest)).ErrorFields());
        await (await app.As("manager1")).GetAsync("/api/v1/imports/presets").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/api/v1/imports/presets/{preset.Id}")).StatusCode);
        Assert.DoesNotContain(await c.GetAsync("/api/v1/imports/presets").Expect<List<ImportPresetResponse>>(), p => p.Id == preset.Id);
    }

    [Fact]
    public async Task A_bitrix24_deals_export_is_placed_column_by_column()
    {
        var c = await app.As("director");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        // Bitrix24 quotes every cell and writes Windows-1251.
        static string[] Quoted(params string[] cells) => cells.Select(x => $"\"{x}\"").ToArray();
        var csv = Encoding.GetEncoding(1251).GetBytes(Csv(
            Quoted("ID", "Название сделки", "Стадия сделки", "Сумма", "Валюта", "Ответственный", "Компания", "Контакт", "Дата создания",
                "Предполагаемая дата закрытия", "Направление", "Источник"),
            Quoted("77", "Внедрение CRM", "Сделка успешна", "480000", "RUB", "manager1", "ООО Гамма", "", "12.06.2025 15:30:00",
                "30.06.2025", "Общее", "Сайт")));
        var batch = await ImportApiTests.Until(c, (await ImportApiTests.Upload(c, csv, "DEAL_20251201.csv")).Id, ImportStatus.Checked);
        var table = Assert.Single(batch.Mapping!.Tables);
        Assert.Equal("deals", table.Table);
        Assert.Equal(
            ["amount", "company", "contact", "created_at", "currency", "expected_close_date", "external_id", "owner", "pipeline", "source",
                "stage", "title"],
            table.Columns.Values.Select(v => v ?? "").Order(StringComparer.Ordinal).ToArray());
        var errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        Assert.Equal(["pipeline:Общее"], errors.Items.Select(e => $"{e.Column}:{e.Value}").ToArray());
        // Bitrix24's «Общее» is its default direction: mapped to the sales pipeline, whose stages are then checked.
        var mapping = batch.Mapping with { Pipelines = new Dictionary<string, string> { ["Общее"] = "Продажи" } };
        await c.PutJson($"/api/v1/imports/{batch.Id}/mapping", mapping).Expect<ImportBatchResponse>();
        batch = await ImportApiTests.Until(c, batch.Id, ImportStatus.Checked);
        errors = await c.GetAsync($"/api/v1/imports/{batch.Id}/errors").Expect<ImportProblemsResponse>();
        Assert.Equal(["stage:Сделка успешна"], errors.Items.Select(e => $"{e.Column}:{e.Value}").ToArray());
    }
}
