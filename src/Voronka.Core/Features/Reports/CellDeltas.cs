using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Reports;

/// <summary>Adds differences to kept cells in one statement per table: a cell is created at its first difference and
/// goes when its count comes to nothing. The same SQL on SQLite and PostgreSQL (<c>INSERT … ON CONFLICT DO UPDATE</c>).
/// </summary>
internal static class CellDeltas
{
    private const int RowsPerStatement = 200;

    /// <summary>Adds each cell's difference in count and sum (<paramref name="sum"/> names the summed column) to the
    /// cells of the entity <paramref name="type"/>; <paramref name="key"/> gives a cell's key values in the order of
    /// the entity's primary key.</summary>
    public static async Task ApplyAsync<TKey>(
        VoronkaDbContext db, Type type, List<(TKey Key, int Count, long Sum)> deltas, Func<TKey, object[]> key, string sum,
        CancellationToken ct) where TKey : notnull
    {
        if (deltas.Count == 0) return;
        var entity = db.Model.FindEntityType(type)!;
        var table = Quote(entity.GetTableName()!);
        var properties = entity.FindPrimaryKey()!.Properties;
        var keys = properties.Select(p => Quote(p.GetColumnName())).ToArray();
        // Values as the columns store them (enums by name).
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        object[] Values(TKey k)
        {
            var values = key(k);
            if (values.Length != keys.Length) throw new InvalidOperationException($"{table} has {keys.Length} key columns.");
            return values.Select((v, i) => converters[i]?.ConvertToProvider(v) ?? v).ToArray();
        }
        var (count, total) = (Quote(entity.FindProperty("Count")!.GetColumnName()), Quote(entity.FindProperty(sum)!.GetColumnName()));
        // Rows in key order: two saves that touch the same cells take their row locks in the same order.
        var ordered = deltas.OrderBy(d => d.Key).ToList();
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            var args = new List<object>();
            var rows = chunk.Select(d =>
            {
                var names = Values(d.Key).Concat([d.Count, d.Sum]).Select(v => { args.Add(v); return $"{{{args.Count - 1}}}"; });
                return "(" + string.Join(", ", names) + ")";
            }).ToList();
            var sql = $"INSERT INTO {table} ({string.Join(", ", keys)}, {count}, {total}) VALUES {string.Join(", ", rows)} "
                + $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}, "
                + $"{total} = {table}.{total} + excluded.{total}";
            await db.Database.ExecuteSqlRawAsync(sql, args, ct);
        }
        var emptied = ordered.Where(d => d.Count < 0).ToList();
        foreach (var chunk in emptied.Chunk(RowsPerStatement))
        {
            var args = new List<object>();
            var matches = chunk.Select(d => "(" + string.Join(" AND ", Values(d.Key).Select((v, i) =>
            {
                args.Add(v);
                return $"{keys[i]} = {{{args.Count - 1}}}";
            })) + ")");
            var sql = $"DELETE FROM {table} WHERE {count} = 0 AND ({string.Join(" OR ", matches)})";
            await db.Database.ExecuteSqlRawAsync(sql, args, ct);
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
