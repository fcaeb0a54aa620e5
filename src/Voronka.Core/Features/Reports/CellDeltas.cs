using System.Text;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Reports;

/// <summary>Adds differences to kept cells: a cell is created at its first difference and goes when its count comes to
/// nothing. The same SQL on SQLite and PostgreSQL (<c>INSERT … ON CONFLICT DO UPDATE</c>). The statements of every
/// table are gathered first and sent together in one round trip, so the cells' row locks, which other saves of the
/// day wait for, are held from that round trip to the commit and no longer.</summary>
internal sealed class CellDeltas(VoronkaDbContext db)
{
    private const int RowsPerStatement = 200;

    /// <summary>Parameters per round trip, well inside SQLite's and PostgreSQL's limits.</summary>
    private const int ArgsPerBatch = 20_000;

    /// <summary>Each statement, written when it is sent, with its values added to the round trip's arguments.</summary>
    private readonly List<Func<List<object>, string>> _statements = [];

    /// <summary>Adds each cell's difference in count and sum (<paramref name="sum"/> names the summed column) to the
    /// cells of the entity <paramref name="type"/>; <paramref name="key"/> gives a cell's key values in the order of
    /// the entity's primary key. Nothing is sent before <see cref="SendAsync"/>.</summary>
    public CellDeltas Add<TKey>(Type type, List<(TKey Key, int Count, long Sum)> deltas, Func<TKey, object[]> key, string sum)
        where TKey : notnull
    {
        if (deltas.Count == 0) return this;
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
            _statements.Add(args =>
            {
                var rows = chunk.Select(d =>
                    "(" + string.Join(", ", Values(d.Key).Concat([d.Count, d.Sum]).Select(args.Placeholder)) + ")");
                return $"INSERT INTO {table} ({string.Join(", ", keys)}, {count}, {total}) VALUES {string.Join(", ", rows)} "
                    + $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}, "
                    + $"{total} = {table}.{total} + excluded.{total}";
            });
        foreach (var chunk in ordered.Where(d => d.Count < 0).Chunk(RowsPerStatement))
            _statements.Add(args =>
            {
                var matches = chunk.Select(d =>
                    "(" + string.Join(" AND ", Values(d.Key).Select((v, i) => $"{keys[i]} = {args.Placeholder(v)}")) + ")");
                return $"DELETE FROM {table} WHERE {count} = 0 AND ({string.Join(" OR ", matches)})";
            });
        return this;
    }

    /// <summary>Sends the gathered statements in the order added, in as few round trips as the parameters allow.</summary>
    public async Task SendAsync(CancellationToken ct)
    {
        var sql = new StringBuilder();
        var args = new List<object>();
        foreach (var statement in _statements)
        {
            sql.Append(statement(args)).Append(";\n");
            if (args.Count < ArgsPerBatch) continue;
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
            (sql, args) = (new StringBuilder(), []);
        }
        _statements.Clear();
        if (sql.Length > 0) await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

internal static class PlaceholderArgs
{
    /// <summary>Adds a value to the arguments and gives its placeholder for <c>ExecuteSqlRaw</c>.</summary>
    public static string Placeholder(this List<object> args, object value)
    {
        args.Add(value);
        return "{" + (args.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }
}
