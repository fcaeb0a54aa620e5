using Voronka.Core.Common;
using Voronka.Core.Features.Import;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Tests.Features.Import;

/// <summary>Deals and their stage history read from a file's tables and checked against the organisation, worked
/// example by example, without a database.</summary>
public class DealRowsTests
{
    private static readonly TimeZoneInfo Moscow = OrgTime.Zone("Europe/Moscow");

    // A pipeline of three open stages, won and lost; two people; one loss reason; one deal already imported.
    private static readonly ImportCatalog Catalog = new(
        Moscow, new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), "RUB",
        [new ImportPipeline(1, "Продажи", true,
        [
            new ImportStage(11, "Квалификация", 1, StageKind.Open), new ImportStage(12, "Переговоры", 2, StageKind.Open),
            new ImportStage(13, "Договор", 3, StageKind.Open), new ImportStage(14, "Успешно", 4, StageKind.Won),
            new ImportStage(15, "Проиграна", 5, StageKind.Lost),
        ])],
        new Dictionary<string, int> { ["ivanova"] = 7, ["ivanova@firm.ru"] = 7, ["анна иванова"] = 7, ["petrov"] = 8 },
        new Dictionary<string, int> { ["дорого"] = 3 })
    {
        DealsByExternalId = new Dictionary<string, int> { ["D-OLD"] = 1 },
    };

    private static readonly string[] DealColumns =
        ["external_id", "title", "stage", "owner", "amount", "created_at", "closed_at", "status", "loss_reason"];

    private static ImportTable Table(string name, string[] columns, params string?[][] rows) =>
        new(name, columns, rows.Select((r, i) => (i + 2, r)).ToList());

    private static DealRowsResult Read(ImportTable deals, ImportTable? history = null, Dictionary<string, string>? stages = null) =>
        DealRows.Read(deals, ImportColumns.Propose("deals", deals.Columns), history,
            history is null ? null : ImportColumns.Propose("stage_history", history.Columns), Catalog, stages);

    private static DateTime Utc(string moscow) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(moscow, System.Globalization.CultureInfo.InvariantCulture), Moscow);

    [Fact]
    public void A_won_deal_takes_its_path_from_the_history_in_time_order()
    {
        var deals = Table("deals", DealColumns,
            ["D-1", "Поставка станков", "Успешно", "Анна Иванова", "1 500 000,00 ₽", "2024-03-01 10:00", null, "won", null]);
        var history = Table("stage_history", ["deal", "stage", "entered_at", "by"],
            ["D-1", "Переговоры", "05.03.2024 12:00", "petrov"],
            ["D-1", "Успешно", "2024-04-10 16:30", "ivanova"],
            ["D-1", "Квалификация", "2024-03-01 09:00", null]);
        var r = Read(deals, history);
        Assert.Empty(r.Errors);
        var d = Assert.Single(r.Deals);
        Assert.Equal((14, StageKind.Won, 7, 1_500_000m), (d.StageId, d.Kind, d.OwnerId, d.Amount!.Value));
        Assert.Equal([11, 12, 14], d.Path.Select(p => p.StageId));
        Assert.Equal([null, 8, 7], d.Path.Select(p => p.ById));
        // The first entry is the creation, the last the closing.
        Assert.Equal(Utc("2024-03-01 09:00"), d.CreatedAt);
        Assert.Equal(Utc("2024-04-10 16:30"), d.ClosedAt);
        Assert.False(d.PathSynthesised);
        Assert.False(d.Updates);
    }

    [Fact]
    public void A_deal_without_history_gets_the_documented_path_and_an_imported_one_is_an_update()
    {
        var deals = Table("deals", DealColumns,
            ["D-2", "Сервис", "Проиграна", "petrov", "90000", "2024-05-01 10:00", "2024-06-01 18:00", null, "Дорого"],
            ["D-OLD", "Аудит", "Переговоры", "ivanova", null, "2024-07-01 10:00", null, "open", null]);
        var r = Read(deals);
        Assert.Empty(r.Errors);
        var lost = r.Deals[0];
        Assert.True(lost.PathSynthesised);
        Assert.Equal([(11, Utc("2024-05-01 10:00")), (15, Utc("2024-06-01 18:00"))], lost.Path.Select(p => (p.StageId, p.At)));
        Assert.Equal((3, Utc("2024-06-01 18:00")), (lost.LossReasonId!.Value, lost.ClosedAt!.Value));
        var open = r.Deals[1];
        Assert.True(open.Updates);
        Assert.Null(open.ClosedAt);
        Assert.Null(open.Amount);
        Assert.Equal([11, 12], open.Path.Select(p => p.StageId));
    }

    [Fact]
    public void Source_stage_names_go_through_the_directors_stage_table_and_an_unmapped_one_is_an_error()
    {
        var deals = Table("deals", DealColumns,
            ["D-3", "Окна", "Первичный контакт", "petrov", null, "2024-05-01", null, null, null],
            ["D-4", "Двери", "Неразобранное", "petrov", null, "2024-05-01", null, null, null]);
        var r = Read(deals, stages: new() { ["первичный контакт"] = "Квалификация" });
        Assert.Equal(11, Assert.Single(r.Deals).StageId);
        var e = Assert.Single(r.Errors);
        Assert.Equal(("deals", 3, "stage", "Неразобранное"), (e.Table, e.Row, e.Column, e.Value));
        Assert.Equal("is not a stage of the pipeline 'Продажи'; map it to one.", e.Reason);
    }

    [Fact]
    public void Every_error_is_named_and_a_deal_with_one_is_left_out_whole()
    {
        var deals = Table("deals", DealColumns,
            ["D-5", "Будущее", "Переговоры", "petrov", null, "2027-01-01 10:00", null, null, null],
            ["D-6", "Чужой", "Переговоры", "sidorov", "сто рублей", "2024-05-01", null, null, null],
            ["D-5", "Повтор", "Переговоры", "petrov", null, "2024-05-01", null, null, null],
            ["D-7", "Без причины", "Проиграна", "petrov", null, "2024-05-01", "2024-05-02", "won", null],
            [null, null, "Договор", "petrov", null, null, null, null, null],
            ["D-8", "История врёт", "Договор", "petrov", null, "2024-05-01", null, null, null]);
        var history = Table("stage_history", ["deal", "stage", "entered_at"],
            ["D-8", "Квалификация", "2024-05-01"],
            ["D-8", "Переговоры", "2024-05-03"],
            ["D-404", "Переговоры", "2024-05-03"]);
        var r = Read(deals, history);
        Assert.Empty(r.Deals);
        string[] expected =
        [
            "deals 2 created_at 2027-01-01 10:00: " + ImportRules.InFuture,
            "deals 3 owner sidorov: " + ImportRules.UnknownPerson,
            "deals 3 amount сто рублей: " + ImportValues.NotAnAmount,
            "deals 4 external_id D-5: is given to another row of the file (row 2).",
            "deals 5 status won: does not agree with the stage 'Проиграна'.",
            "deals 6 external_id : " + ImportRules.Required,
            "deals 6 title : " + ImportRules.Required,
            "deals 6 created_at : " + ImportRules.Required,
            "stage_history 4 deal D-404: " + ImportRules.UnknownFileDeal,
            "stage_history 3 stage : is not the deal's stage, yet it is the last of its history.",
        ];
        Assert.Equal(expected, r.Errors.Select(e => $"{e.Table} {e.Row} {e.Column} {e.Value}: {e.Reason}"));
    }
}
