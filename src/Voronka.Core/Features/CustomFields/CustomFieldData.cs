using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.CustomFields;

/// <summary>The database side of custom field values, shared by deals, companies and contacts.</summary>
internal static class CustomFieldData
{
    /// <summary>The record's values with <paramref name="input"/> applied and checked against the active definitions.
    /// Only the users a user-type field names are looked up.</summary>
    public static async Task<Dictionary<string, string>> ApplyAsync(
        VoronkaDbContext db, CustomFieldEntity entity, IReadOnlyDictionary<string, JsonElement>? input, Dictionary<string, string> current,
        Validator v, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(current);
        if (input is null) return values;
        var defs = await db.CustomFields.Where(f => f.Entity == entity && f.IsActive).ToDictionaryAsync(f => f.Key, ct);
        var named = input
            .Where(kv => defs.TryGetValue(kv.Key, out var d) && d.Type == CustomFieldType.User && kv.Value.ValueKind == JsonValueKind.Number && kv.Value.TryGetInt32(out _))
            .Select(kv => kv.Value.GetInt32()).ToList();
        var users = named.Count == 0 ? [] : (await db.Users.Where(u => u.IsActive && named.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        CustomFieldValues.Apply(input, values, defs, users, v);
        return values;
    }

    /// <summary>The type of every field of the record type, active or not, to show stored values as typed JSON.</summary>
    public static async Task<Dictionary<string, CustomFieldType>> TypesAsync(VoronkaDbContext db, CustomFieldEntity entity,
        CancellationToken ct)
    {
        var types = new Dictionary<string, CustomFieldType>();
        await foreach (var f in Types(db, entity).WithCancellation(ct)) types[f.Key] = f.Type;
        return types;
    }

    // Read by every request that shows or takes a record's fields: compiled once.
    private static readonly Func<VoronkaDbContext, CustomFieldEntity, IAsyncEnumerable<KeyType>> Types =
        EF.CompileAsyncQuery((VoronkaDbContext db, CustomFieldEntity entity) =>
            db.CustomFields.Where(f => f.Entity == entity).Select(f => new KeyType(f.Key, f.Type)));

    private sealed record KeyType(string Key, CustomFieldType Type);

    public static IReadOnlyDictionary<string, object?> ToApi(Dictionary<string, string> values, IReadOnlyDictionary<string, CustomFieldType> types) =>
        values.ToDictionary(kv => kv.Key, kv => CustomFieldValues.ToApi(types.TryGetValue(kv.Key, out var t) ? t : null, kv.Value));
}
