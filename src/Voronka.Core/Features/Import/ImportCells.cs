using System.Globalization;
using System.Text.Json;
using Voronka.Core.Features.CustomFields;
using static Voronka.Core.Features.Import.ImportRules;

namespace Voronka.Core.Features.Import;

/// <summary>One row's cells by the column they were mapped to, and the errors found in it.</summary>
internal sealed class ImportCells(string table, int number, string?[] cells, IReadOnlyList<ColumnTarget?> columns, List<ImportError> errors)
{
    public int Number => number;

    // The columns refused so far: a cell is refused once, for the first reason found. A formula in any column the row
    // fills refuses it at once.
    private readonly HashSet<string> refused = RefuseFormulas(table, number, cells, columns, errors);

    /// <summary>True once a cell of the row is refused.</summary>
    public bool Failed => refused.Count > 0;

    private static HashSet<string> RefuseFormulas(
        string table, int number, string?[] cells, IReadOnlyList<ColumnTarget?> columns, List<ImportError> errors)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count && i < cells.Length; i++)
        {
            if (columns[i] is not { } target || cells[i] is not { } cell || !cell.StartsWith('=') || !found.Add(target.Column)) continue;
            errors.Add(new ImportError(table, number, target.Column, cell, Formula));
        }
        return found;
    }

    public string? Raw(string column)
    {
        for (var i = 0; i < columns.Count && i < cells.Length; i++)
            if (columns[i]?.Column == column) return cells[i];
        return null;
    }

    public string? Text(string column, bool required = false)
    {
        var value = ImportValues.Clean(Raw(column));
        if (value is null && required) Fail(column, null, Required);
        return value;
    }

    public T? Value<T>(string column, Func<string?, (T? Value, string? Error)> read) where T : struct
    {
        var raw = Raw(column);
        var (value, error) = read(raw);
        if (error is not null) Fail(column, raw, error);
        return value;
    }

    public DateTime? Moment(string column, ImportCatalog c, bool required = false)
    {
        var raw = Raw(column);
        var (value, error) = ImportValues.Moment(raw, c.Zone);
        if (error is not null) Fail(column, raw, error);
        else if (value is null && required) Fail(column, null, Required);
        else if (value > c.UtcNow) Fail(column, raw, InFuture);
        return error is null ? value : null;
    }

    public int? Person(string column, ImportCatalog c, bool required)
    {
        var name = Text(column, required);
        if (name is null) return null;
        if (c.People.TryGetValue(name.ToLowerInvariant(), out var id)) return id;
        Fail(column, name, UnknownPerson);
        return null;
    }

    public void Fail(string column, string? value, string reason)
    {
        if (!refused.Add(column)) return;
        errors.Add(new ImportError(table, number, column, value, reason));
    }

    /// <summary>The row's <c>custom.&lt;code&gt;</c> cells as the record keeps them, each checked against its field's
    /// definition by the same rule as the API (<see cref="CustomFieldValues.Canonical"/>).</summary>
    public Dictionary<string, string> Custom(IReadOnlyDictionary<string, CustomFieldDefinition> fields, ImportCatalog c)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < columns.Count && i < cells.Length; i++)
        {
            if (columns[i] is not { } target || !target.Column.StartsWith("custom.", StringComparison.Ordinal)) continue;
            var raw = ImportValues.Clean(cells[i]);
            if (raw is null) continue;
            var code = target.Column[7..];
            if (!fields.TryGetValue(code, out var def))
            {
                Fail(target.Column, raw, "is not a custom field of this table.");
                continue;
            }
            var (json, error) = Json(def, raw, c);
            var (value, invalid) = error is null ? CustomFieldValues.Canonical(def, json, c.ActiveUsers) : (null, error);
            if (invalid is not null) Fail(target.Column, raw, invalid);
            else result[code] = value!;
        }
        return result;
    }

    /// <summary>A cell's text as the JSON value the API would have been sent.</summary>
    private static (JsonElement Value, string? Error) Json(CustomFieldDefinition def, string raw, ImportCatalog c)
    {
        static JsonElement Of<T>(T value) => JsonSerializer.SerializeToElement(value);
        switch (def.Type)
        {
            case CustomFieldType.Number or CustomFieldType.Money:
                var (n, ne) = def.Type == CustomFieldType.Money ? ImportValues.Money(raw) : ImportValues.Number(raw);
                return (Of(n), ne);
            case CustomFieldType.Date:
                var (d, de) = ImportValues.Date(raw);
                return (Of(d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), de);
            case CustomFieldType.YesNo:
                var (b, be) = ImportValues.Boolean(raw);
                return (Of(b), be);
            case CustomFieldType.User:
                return c.People.TryGetValue(raw.ToLowerInvariant(), out var id) ? (Of(id), null) : (Of(0), UnknownPerson);
            case CustomFieldType.Select:
                return (Of(def.Options.FirstOrDefault(o => string.Equals(o, raw, StringComparison.OrdinalIgnoreCase)) ?? raw), null);
            default:
                return (Of(raw), null);
        }
    }
}
