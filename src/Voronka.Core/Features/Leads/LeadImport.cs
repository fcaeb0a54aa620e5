using Voronka.Core.Common;
using Voronka.Core.Features.Import;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// A list of leads from a spreadsheet or CSV (an exhibition's visitors, a partner's list), read into lead requests with
/// no I/O: the first table of the file, its columns known by their usual names in Russian or English
/// («Имя», «Телефон», «E-mail», «Компания», «ИНН», «Комментарий», «Источник», utm_*),
/// the rest kept in each lead's payload.
/// </summary>
public static class LeadImport
{
    /// <summary>The most leads one file brings: they are routed under the routing lock in one transaction, which holds
    /// the other channels' leads back for as long (seconds for a file of this size).</summary>
    public const int MaxRows = 1000;

    public sealed record Row(int Number, LeadRequest Lead, Dictionary<string, string> Cells);

    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "name", ["имя"] = "name", ["фио"] = "name", ["контакт"] = "name", ["contact"] = "name",
        ["phone"] = "phone", ["телефон"] = "phone", ["тел"] = "phone", ["tel"] = "phone", ["mobile"] = "phone",
        ["мобильный"] = "phone",
        ["email"] = "email", ["e-mail"] = "email", ["почта"] = "email", ["mail"] = "email", ["эл. почта"] = "email",
        ["company"] = "company", ["компания"] = "company", ["организация"] = "company",
        ["inn"] = "inn", ["инн"] = "inn",
        ["message"] = "message", ["comment"] = "message", ["note"] = "message", ["комментарий"] = "message",
        ["сообщение"] = "message", ["примечание"] = "message",
        ["source"] = "source", ["источник"] = "source",
        ["utm_source"] = "utm_source", ["utm_medium"] = "utm_medium", ["utm_campaign"] = "utm_campaign",
        ["utm_content"] = "utm_content", ["utm_term"] = "utm_term",
    };

    /// <summary>The rows of the file's first table; <paramref name="source"/> goes to the rows that name none.</summary>
    public static IReadOnlyList<Row> Read(IReadOnlyList<ImportTable> tables, string? source)
    {
        if (tables.Count == 0) throw ValidationFailedException.For("file", "has no table of leads.");
        var table = tables[0];
        var columns = table.Columns.Select(c => Known.GetValueOrDefault(c.Trim().TrimEnd(':', '*').Trim())).ToArray();
        if (!columns.Contains("phone") && !columns.Contains("email"))
            throw ValidationFailedException.For("file", "needs a column «Телефон» (phone) or «E-mail» (email).");
        var rows = new List<Row>();
        try
        {
            ReadRows(table, columns, source, rows);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException
            or System.Xml.XmlException or ArgumentException)
        {
            // A file that opened but breaks further on (a damaged sheet, a broken quote) is as unreadable as one that did not.
            throw ValidationFailedException.For("file", ImportFile.Unreadable);
        }
        if (rows.Count == 0) throw ValidationFailedException.For("file", "has no leads under its header.");
        return rows;
    }

    private static void ReadRows(ImportTable table, string?[] columns, string? source, List<Row> rows)
    {
        foreach (var (number, cells) in table.Rows)
        {
            if (rows.Count == MaxRows) throw ValidationFailedException.For("file", $"has more than {MaxRows} leads; split it.");
            string? Get(string field)
            {
                var i = Array.IndexOf(columns, field);
                return i < 0 || i >= cells.Length || string.IsNullOrWhiteSpace(cells[i]) ? null : cells[i]!.Trim();
            }
            var all = table.Columns.Select((c, i) => (c, v: i < cells.Length ? cells[i] : null)).Where(x => !string.IsNullOrWhiteSpace(x.v))
                .GroupBy(x => x.c).ToDictionary(g => g.Key, g => g.First().v!);
            rows.Add(new Row(number, new LeadRequest(Get("name"), Get("phone"), Get("email"), Get("company"), Get("inn"), Get("message"),
                Get("source") ?? source ?? "import", Get("utm_source"), Get("utm_medium"), Get("utm_campaign"), Get("utm_content"),
                Get("utm_term")), all));
        }
    }
}
