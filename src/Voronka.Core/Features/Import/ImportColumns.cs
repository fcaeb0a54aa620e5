namespace Voronka.Core.Features.Import;

/// <summary>A source column placed in the interchange format: the table and the column it fills.</summary>
public sealed record ColumnTarget(string Table, string Column);

/// <summary>
/// The tables and columns of the interchange format (docs/import-format.md) and the names other files give them:
/// Russian and English headers, and those of amoCRM's and Bitrix24's deal, contact and company exports. Proposes where
/// each column of an uploaded table goes; the director confirms or corrects it, and anything unplaced is named.
/// </summary>
public static class ImportColumns
{
    /// <summary>Every table's columns, in the format's order; <c>custom.&lt;code&gt;</c> columns come besides.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Tables = new Dictionary<string, string[]>
    {
        ["users"] = ["login", "full_name", "email", "role", "team", "region", "active"],
        ["teams"] = ["name", "leader"],
        ["regions"] = ["name"],
        ["products"] = ["name", "category", "price", "currency", "active"],
        ["loss_reasons"] = ["name", "active"],
        ["companies"] = ["external_id", "name", "inn", "industry", "region", "owner", "phone", "email", "website", "address"],
        ["contacts"] = ["external_id", "company", "full_name", "position", "phones", "emails", "owner"],
        ["deals"] =
        [
            "external_id", "title", "pipeline", "stage", "owner", "company", "contact", "amount", "currency", "source", "region",
            "created_at", "expected_close_date", "closed_at", "status", "loss_reason", "loss_comment",
        ],
        ["deal_lines"] = ["deal", "product", "quantity", "price", "discount"],
        ["stage_history"] = ["deal", "stage", "entered_at", "by"],
        ["activities"] =
        [
            "external_id", "deal", "company", "contact", "type", "at", "owner", "duration_seconds", "direction", "result", "text",
        ],
        ["tasks"] = ["external_id", "deal", "assignee", "title", "type", "due", "done_at", "result"],
    };

    // Names by which other files call a column, per table; matched ignoring case, spaces, '_', '-' and 'ё'.
    private static readonly Dictionary<string, Dictionary<string, string[]>> Synonyms = new()
    {
        ["deals"] = new()
        {
            ["external_id"] = ["id", "id сделки", "deal id", "внешний id", "external id", "номер сделки"],
            ["title"] = ["название", "название сделки", "сделка", "deal", "deal name", "name", "заголовок"],
            ["pipeline"] = ["воронка", "направление", "pipeline", "funnel", "категория сделки"],
            ["stage"] = ["этап", "этап сделки", "стадия", "стадия сделки", "статус сделки", "stage", "deal stage"],
            ["owner"] = ["ответственный", "менеджер", "owner", "responsible", "assigned", "deal owner"],
            ["company"] = ["компания", "компания контакта", "company", "organization", "организация", "клиент"],
            ["contact"] = ["контакт", "полное имя контакта", "основной контакт", "contact", "contact person", "person"],
            ["amount"] = ["сумма", "бюджет", "сумма сделки", "amount", "value", "deal value", "budget", "revenue"],
            ["currency"] = ["валюта", "currency"],
            ["source"] = ["источник", "источник сделки", "source", "lead source", "utm_source"],
            ["region"] = ["регион", "region", "город", "city"],
            ["created_at"] = ["дата создания", "создана", "created", "created at", "create date", "add time", "дата начала"],
            ["expected_close_date"] =
                ["предполагаемая дата закрытия", "планируемая дата закрытия", "expected close date", "close date", "дата завершения"],
            ["closed_at"] = ["дата закрытия", "закрыта", "closed at", "won time", "lost time", "close time", "дата закрытия сделки"],
            ["status"] = ["статус", "status", "результат", "outcome"],
            ["loss_reason"] = ["причина отказа", "причина проигрыша", "lost reason", "loss reason"],
            ["loss_comment"] = ["комментарий к отказу", "loss comment"],
        },
        ["contacts"] = new()
        {
            ["external_id"] = ["id", "id контакта", "contact id", "external id"],
            ["company"] = ["компания", "компания контакта", "company", "organization"],
            ["full_name"] = ["полное имя", "фио", "имя", "полное имя контакта", "name", "full name", "contact name"],
            ["position"] = ["должность", "position", "title", "job title"],
            ["phones"] = ["телефон", "рабочий телефон", "мобильный телефон", "телефоны", "phone", "phones", "mobile"],
            ["emails"] = ["email", "e-mail", "рабочий email", "почта", "emails", "электронная почта"],
            ["owner"] = ["ответственный", "owner", "responsible"],
        },
        ["companies"] = new()
        {
            ["external_id"] = ["id", "id компании", "company id", "external id"],
            ["name"] = ["название", "название компании", "компания", "company", "company name", "name", "organization"],
            ["inn"] = ["инн", "inn", "tax id"],
            ["industry"] = ["отрасль", "сфера деятельности", "industry"],
            ["region"] = ["регион", "город", "region", "city"],
            ["owner"] = ["ответственный", "owner", "responsible"],
            ["phone"] = ["телефон", "рабочий телефон", "phone"],
            ["email"] = ["email", "e-mail", "рабочий email", "почта"],
            ["website"] = ["сайт", "web", "website", "url"],
            ["address"] = ["адрес", "address", "юридический адрес"],
        },
        ["activities"] = new()
        {
            ["type"] = ["тип", "тип активности", "type", "activity type"],
            ["at"] = ["дата", "время", "дата и время", "date", "time", "due date", "when"],
            ["owner"] = ["ответственный", "автор", "owner", "user"],
            ["duration_seconds"] = ["длительность", "продолжительность", "duration"],
            ["direction"] = ["направление", "direction"],
            ["result"] = ["результат", "result", "outcome"],
            ["text"] = ["текст", "описание", "комментарий", "примечание", "text", "note", "description", "subject"],
        },
    };

    /// <summary>Where each column of a table named <paramref name="table"/> goes: the format's own names first (a table
    /// of the format), then other files' names for that table. Null where nothing matches.</summary>
    public static IReadOnlyList<ColumnTarget?> Propose(string table, IReadOnlyList<string> headers)
    {
        var known = Tables.GetValueOrDefault(table) ?? [];
        var synonyms = Synonyms.GetValueOrDefault(table) ?? [];
        var taken = new HashSet<string>();
        var result = new ColumnTarget?[headers.Count];
        // Exact names first, so that a synonym never takes a column the file names outright.
        for (var i = 0; i < headers.Count; i++)
        {
            var h = Key(headers[i]);
            var own = known.FirstOrDefault(c => Key(c) == h);
            if (own is not null && taken.Add(own)) result[i] = new ColumnTarget(table, own);
            else if (h.StartsWith("custom.", StringComparison.Ordinal) && h.Length > 7)
                result[i] = new ColumnTarget(table, "custom." + headers[i].Trim()[7..].Trim());
        }
        for (var i = 0; i < headers.Count; i++)
        {
            if (result[i] is not null) continue;
            var h = Key(headers[i]);
            var match = synonyms.FirstOrDefault(s => !taken.Contains(s.Key) && s.Value.Any(n => Key(n) == h));
            if (match.Key is not null && taken.Add(match.Key)) result[i] = new ColumnTarget(table, match.Key);
        }
        return result;
    }

    /// <summary>The table a file's headers most likely fill: the format's table of that name, else the table whose
    /// columns the most headers match (deals before contacts and companies on a tie); null when none matches two.</summary>
    public static string? GuessTable(string name, IReadOnlyList<string> headers)
    {
        var key = Key(name);
        if (Tables.Keys.FirstOrDefault(t => Key(t) == key) is string exact) return exact;
        var best = Synonyms.Keys.Select(t => (Table: t, Score: Propose(t, headers).Count(x => x is not null)))
            .OrderByDescending(x => x.Score).ThenBy(x => Array.IndexOf(["deals", "contacts", "companies", "activities"], x.Table)).First();
        return best.Score >= 2 ? best.Table : null;
    }

    private static string Key(string s) =>
        new(s.Trim().ToLowerInvariant().Replace('ё', 'е').Where(c => c is not (' ' or '_' or '-' or '\u00A0')).ToArray());
}
