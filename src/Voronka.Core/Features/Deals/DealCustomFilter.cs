using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.CustomFields;

namespace Voronka.Core.Features.Deals;

/// <summary>
/// The deal list's filter by custom field: <c>custom.&lt;code&gt;=value</c> keeps the deals whose field holds the value,
/// read by the field's type as the import reads a cell (a number in either notation, a date as yyyy-MM-dd or dd.MM.yyyy,
/// yes/no as true/false, да/нет or 1/0, a user by id, text exactly); an empty value keeps the deals where the field is
/// not filled.
/// </summary>
public static class DealCustomFilter
{
    /// <summary>The prefix of a custom field's name in a query string, as in the import format's columns.</summary>
    public const string Prefix = "custom.";

    /// <summary>The custom field filters of a query string, by field code.</summary>
    public static IReadOnlyDictionary<string, string> From(IEnumerable<KeyValuePair<string, string?>> query) =>
        query.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && kv.Key.Length > Prefix.Length)
            .GroupBy(kv => kv.Key[Prefix.Length..], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);

    /// <summary>The stored form of a filter's text for the field, or the reason it cannot be one.</summary>
    public static (string? Value, string? Error) Canonical(CustomFieldDefinition def, string text)
    {
        text = text.Trim();
        if (text.Length == 0) return (null, null);
        JsonElement value;
        switch (def.Type)
        {
            // Read as the import reads a cell: "1 500,50" and "1500.50" are one number, "да" and "1" are yes.
            case CustomFieldType.Number or CustomFieldType.Money:
                if (Import.ImportValues.Number(text) is not { Value: decimal n }) return (null, "must be a number, as 1500.50.");
                value = JsonSerializer.SerializeToElement(n);
                break;
            case CustomFieldType.Date:
                if (Import.ImportValues.Date(text) is not { Value: DateOnly d }) return (null, "must be a date as yyyy-MM-dd.");
                value = JsonSerializer.SerializeToElement(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case CustomFieldType.User:
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return (null, "must be a user id.");
                return (u.ToString(CultureInfo.InvariantCulture), null);
            case CustomFieldType.YesNo:
                if (Import.ImportValues.Boolean(text) is not { Value: bool yes }) return (null, "must be true or false.");
                return (yes ? "true" : "false", null);
            default:
                value = JsonSerializer.SerializeToElement(text);
                break;
        }
        return CustomFieldValues.Canonical(def, value, new HashSet<int>());
    }

    /// <summary>Keeps the deals matching every filter; a filter on a field deals do not have is refused, named
    /// <c>custom.&lt;code&gt;</c>.</summary>
    internal static async Task<IQueryable<Deal>> ApplyAsync(
        VoronkaDbContext db, IQueryable<Deal> q, IReadOnlyDictionary<string, string>? filters, CancellationToken ct)
    {
        if (filters is null || filters.Count == 0) return q;
        // Codes are lower case; a filter's code is matched in any letter case, as the import's columns are.
        var keys = filters.Keys.Select(k => k.ToLowerInvariant()).ToList();
        var defs = await db.CustomFields.Where(f => f.Entity == CustomFieldEntity.Deal && keys.Contains(f.Key))
            .ToDictionaryAsync(f => f.Key, StringComparer.OrdinalIgnoreCase, ct);
        var v = new Validator();
        var wanted = new List<(string Key, string? Value, bool Numeric)>();
        foreach (var (key, text) in filters)
        {
            if (!defs.TryGetValue(key, out var def))
            {
                v.Add(Prefix + key, "is not a custom field of deals.");
                continue;
            }
            var (value, error) = Canonical(def, text);
            if (error is not null) v.Add(Prefix + key, error);
            else wanted.Add((def.Key, value, def.Type is CustomFieldType.Number or CustomFieldType.Money));
        }
        v.ThrowIfInvalid();
        foreach (var (key, value, numeric) in wanted)
        {
            var ids = Matching(db, key, value, numeric).Select(d => d.Id);
            q = q.Where(d => ids.Contains(d.Id));
        }
        return q;
    }

    /// <summary>Deals where the custom field <paramref name="key"/> holds no value (absent or empty), as
    /// <see cref="DealFields.IsFilled"/> reads it.</summary>
    internal static IQueryable<Deal> Unfilled(VoronkaDbContext db, string key)
    {
        if (db.Database.IsNpgsql())
            return db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE trim(coalesce("CustomFields"::jsonb ->> {key}, '')) = ''""");
        var path = "$.\"" + key + "\"";
        return db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE trim(coalesce(json_extract("CustomFields", {path}), '')) = ''""");
    }

    // The values live in one JSON text column; each database reads a key from it with its own function. Numbers are
    // compared as numbers: 1500.5 and 1500.50 are one amount.
    private static IQueryable<Deal> Matching(VoronkaDbContext db, string key, string? value, bool numeric)
    {
        var number = numeric && value is not null ? decimal.Parse(value, CultureInfo.InvariantCulture) : 0m;
        if (db.Database.IsNpgsql())
            return value is null ? db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE ("CustomFields"::jsonb ->> {key}) IS NULL""")
                : numeric ? db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE ("CustomFields"::jsonb ->> {key})::numeric = {number}""")
                : db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE ("CustomFields"::jsonb ->> {key}) = {value}""");
        var path = "$.\"" + key + "\"";
        var real = (double)number;
        return value is null ? db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE json_extract("CustomFields", {path}) IS NULL""")
            : numeric ? db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE CAST(json_extract("CustomFields", {path}) AS REAL) = {real}""")
            : db.Deals.FromSql($"""SELECT * FROM "Deals" WHERE json_extract("CustomFields", {path}) = {value}""");
    }
}
