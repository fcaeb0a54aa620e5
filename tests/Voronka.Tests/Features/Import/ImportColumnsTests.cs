using Voronka.Core.Features.Import;

namespace Voronka.Tests.Features.Import;

/// <summary>Where the columns of other systems' exports go, proposed from their headers.</summary>
public class ImportColumnsTests
{
    private static string[] Placed(string table, params string[] headers) =>
        ImportColumns.Propose(table, headers).Select(t => t?.Column ?? "—").ToArray();

    [Fact]
    public void The_formats_own_columns_in_any_case_and_custom_fields()
    {
        Assert.Equal(["external_id", "title", "stage", "created_at", "custom.industry", "—"],
            Placed("deals", "External_ID", "Title", "stage", "created at", "custom.industry", "colour"));
    }

    [Fact]
    public void An_amocrm_deal_export()
    {
        // The headers of amoCRM's deal export (Russian interface).
        string[] headers = ["ID", "Название сделки", "Бюджет", "Ответственный", "Дата создания", "Кем создана", "Дата закрытия",
            "Теги", "Этап сделки", "Воронка", "Полное имя контакта", "Компания контакта", "Рабочий телефон", "utm_source"];
        Assert.Equal(["external_id", "title", "amount", "owner", "created_at", "—", "closed_at", "—", "stage", "pipeline", "contact",
            "company", "—", "source"], Placed("deals", headers));
        Assert.Equal("deals", ImportColumns.GuessTable("amocrm_export_leads_2026-11-30", headers));
    }

    [Fact]
    public void A_bitrix24_deal_export()
    {
        string[] headers = ["ID", "Название", "Стадия сделки", "Сумма", "Валюта", "Ответственный", "Дата начала",
            "Предполагаемая дата закрытия", "Компания", "Контакт", "Источник", "Направление", "Комментарий"];
        Assert.Equal(["external_id", "title", "stage", "amount", "currency", "owner", "created_at", "expected_close_date", "company",
            "contact", "source", "pipeline", "—"], Placed("deals", headers));
        Assert.Equal("deals", ImportColumns.GuessTable("DEAL_20261130", headers));
    }

    [Fact]
    public void A_contact_export_is_taken_for_contacts_and_a_table_of_the_format_by_its_name()
    {
        string[] headers = ["ID", "ФИО", "Должность", "Мобильный телефон", "E-mail", "Компания"];
        Assert.Equal("contacts", ImportColumns.GuessTable("contacts export", headers));
        Assert.Equal(["external_id", "full_name", "position", "phones", "emails", "company"], Placed("contacts", headers));
        Assert.Equal("stage_history", ImportColumns.GuessTable("Stage_History", ["deal"]));
        Assert.Null(ImportColumns.GuessTable("prices", ["Артикул", "Цена"]));
    }

    [Fact]
    public void A_column_is_placed_once_and_an_exact_name_wins_over_a_synonym()
    {
        // "Название" would be the title, but the file has a column named title outright.
        Assert.Equal(["—", "title", "external_id", "—"], Placed("deals", "Название", "title", "ID", "id сделки"));
    }
}
