using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Voronka.Core.Data;

namespace Voronka.Bench;

/// <summary>Writes generated rows as fast as the database takes them: COPY on PostgreSQL, prepared inserts in one
/// transaction per slice on SQLite. Ids come from the generator; the sequences are moved past them at the end.</summary>
public abstract class BulkSink : IAsyncDisposable
{
    public static async Task<BulkSink> OpenAsync(DatabaseProvider provider, string connectionString)
    {
        BulkSink sink = provider == DatabaseProvider.Postgres ? new PostgresSink(connectionString) : new SqliteSink(connectionString);
        await sink.OpenAsync();
        return sink;
    }

    /// <summary>The tables written in bulk. Their secondary indexes (and on PostgreSQL their foreign keys) are dropped
    /// while they fill and built again at the end: one sort per index instead of millions of insertions.</summary>
    protected static readonly string[] Tables = ["Deals", "DealLines", "DealStageChanges", "Activities", "DealTasks"];

    protected abstract Task OpenAsync();

    public abstract Task WriteAsync(Batch batch);

    /// <summary>Moves the id sequences past the written rows and refreshes the planner's statistics.</summary>
    public abstract Task FinishAsync();

    public abstract ValueTask DisposeAsync();

    protected static async Task<List<(string Name, string Sql)>> ReadAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var list = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    protected static async Task ExecAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}

internal sealed class PostgresSink(string connectionString) : BulkSink
{
    private readonly NpgsqlConnection _connection = new(connectionString);
    private List<(string Name, string Sql)> _indexes = [];
    private List<(string Name, string Sql)> _keys = [];

    protected override async Task OpenAsync()
    {
        await _connection.OpenAsync();
        var tables = string.Join(", ", Tables.Select(t => $"'{t}'"));
        _keys = await ReadAsync(_connection, $$"""
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass::text, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid))
            FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text IN ({{string.Join(", ", Tables.Select(t => $"'\"{t}\"'"))}})
            """);
        _indexes = await ReadAsync(_connection, $"""
            SELECT format('DROP INDEX %I', indexname), indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename IN ({tables}) AND indexname NOT LIKE 'PK_%'
            """);
        foreach (var (drop, _) in _keys) await ExecAsync(_connection, drop);
        foreach (var (drop, _) in _indexes) await ExecAsync(_connection, drop);
    }

    public override async Task WriteAsync(Batch b)
    {
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY "Deals" ("Id", "Title", "CompanyId", "ContactId", "PipelineId", "StageId", "OwnerId", "Currency", "AmountMinor", "AmountIsManual",
              "Source", "RegionId", "ExpectedCloseDate", "CreatedAt", "CreatedById", "UpdatedAt", "StageEnteredAt", "ClosedAt", "LossReasonId",
              "CustomFields", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var d in b.Deals)
            {
                await w.StartRowAsync();
                await w.WriteAsync(d.Id, NpgsqlDbType.Integer);
                await w.WriteAsync($"Сделка {d.Id}", NpgsqlDbType.Varchar);
                await w.WriteAsync(d.CompanyId, NpgsqlDbType.Integer);
                await w.WriteAsync(d.ContactId, NpgsqlDbType.Integer);
                await w.WriteAsync(d.PipelineId, NpgsqlDbType.Integer);
                await w.WriteAsync(d.StageId, NpgsqlDbType.Integer);
                await w.WriteAsync(d.OwnerId, NpgsqlDbType.Integer);
                await w.WriteAsync("RUB", NpgsqlDbType.Varchar);
                await w.WriteAsync(d.AmountMinor, NpgsqlDbType.Bigint);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(d.Source, NpgsqlDbType.Varchar);
                await w.WriteAsync(d.RegionId, NpgsqlDbType.Integer);
                if (d.ExpectedClose is DateOnly e) await w.WriteAsync(e, NpgsqlDbType.Date); else await w.WriteNullAsync();
                await w.WriteAsync(d.CreatedAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(d.OwnerId, NpgsqlDbType.Integer);
                await w.WriteAsync(d.UpdatedAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(d.StageEnteredAt, NpgsqlDbType.TimestampTz);
                if (d.ClosedAt is DateTime c) await w.WriteAsync(c, NpgsqlDbType.TimestampTz); else await w.WriteNullAsync();
                if (d.LossReasonId is int r) await w.WriteAsync(r, NpgsqlDbType.Integer); else await w.WriteNullAsync();
                await w.WriteAsync("{}", NpgsqlDbType.Text);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync();
        }
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY "DealLines" ("Id", "DealId", "ProductId", "Quantity", "PriceMinor", "DiscountPercent", "TotalMinor") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var l in b.Lines)
            {
                await w.StartRowAsync();
                await w.WriteAsync(l.Id, NpgsqlDbType.Integer);
                await w.WriteAsync(l.DealId, NpgsqlDbType.Integer);
                await w.WriteAsync(l.ProductId, NpgsqlDbType.Integer);
                await w.WriteAsync(l.Quantity, NpgsqlDbType.Numeric);
                await w.WriteAsync(l.PriceMinor, NpgsqlDbType.Bigint);
                await w.WriteAsync(l.Discount, NpgsqlDbType.Numeric);
                await w.WriteAsync(l.TotalMinor, NpgsqlDbType.Bigint);
            }
            await w.CompleteAsync();
        }
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY "DealStageChanges" ("Id", "DealId", "FromStageId", "ToStageId", "ChangedAt", "ChangedById", "SecondsInFromStage") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var c in b.Changes)
            {
                await w.StartRowAsync();
                await w.WriteAsync(c.Id, NpgsqlDbType.Bigint);
                await w.WriteAsync(c.DealId, NpgsqlDbType.Integer);
                if (c.FromStageId is int f) await w.WriteAsync(f, NpgsqlDbType.Integer); else await w.WriteNullAsync();
                await w.WriteAsync(c.ToStageId, NpgsqlDbType.Integer);
                await w.WriteAsync(c.ChangedAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(c.ChangedById, NpgsqlDbType.Integer);
                if (c.SecondsInFromStage is long s) await w.WriteAsync(s, NpgsqlDbType.Bigint); else await w.WriteNullAsync();
            }
            await w.CompleteAsync();
        }
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY "Activities" ("Id", "Type", "UserId", "DealId", "CompanyId", "ContactId", "OccurredAt", "Direction", "DurationSeconds", "CallResult", "CreatedAt")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var a in b.Activities)
            {
                await w.StartRowAsync();
                await w.WriteAsync(a.Id, NpgsqlDbType.Bigint);
                await w.WriteAsync(a.Type, NpgsqlDbType.Varchar);
                await w.WriteAsync(a.UserId, NpgsqlDbType.Integer);
                await w.WriteAsync(a.DealId, NpgsqlDbType.Integer);
                await w.WriteAsync(a.CompanyId, NpgsqlDbType.Integer);
                await w.WriteAsync(a.ContactId, NpgsqlDbType.Integer);
                await w.WriteAsync(a.OccurredAt, NpgsqlDbType.TimestampTz);
                if (a.Direction is string dir) await w.WriteAsync(dir, NpgsqlDbType.Varchar); else await w.WriteNullAsync();
                if (a.DurationSeconds is int s) await w.WriteAsync(s, NpgsqlDbType.Integer); else await w.WriteNullAsync();
                if (a.CallResult is string r) await w.WriteAsync(r, NpgsqlDbType.Varchar); else await w.WriteNullAsync();
                await w.WriteAsync(a.OccurredAt, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }
        await using (var w = await _connection.BeginBinaryImportAsync("""
            COPY "DealTasks" ("Id", "DealId", "Kind", "Title", "AssigneeId", "AuthorId", "DueAt", "Status", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var t in b.Tasks)
            {
                await w.StartRowAsync();
                await w.WriteAsync(t.Id, NpgsqlDbType.Integer);
                await w.WriteAsync(t.DealId, NpgsqlDbType.Integer);
                await w.WriteAsync("Call", NpgsqlDbType.Varchar);
                await w.WriteAsync("Позвонить клиенту", NpgsqlDbType.Varchar);
                await w.WriteAsync(t.AssigneeId, NpgsqlDbType.Integer);
                await w.WriteAsync(t.AssigneeId, NpgsqlDbType.Integer);
                await w.WriteAsync(t.DueAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync("Open", NpgsqlDbType.Varchar);
                await w.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
            }
            await w.CompleteAsync();
        }
    }

    public override async Task FinishAsync()
    {
        await ExecAsync(_connection, "SET maintenance_work_mem = '512MB'");
        foreach (var (_, create) in _indexes) await ExecAsync(_connection, create);
        foreach (var (_, add) in _keys) await ExecAsync(_connection, add);
        foreach (var table in Tables)
            await ExecAsync(_connection, $"""SELECT setval(pg_get_serial_sequence('"{table}"', 'Id'), COALESCE((SELECT MAX("Id") FROM "{table}"), 0) + 1, false)""");
        await ExecAsync(_connection, "VACUUM ANALYZE");
    }

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}

internal sealed class SqliteSink(string connectionString) : BulkSink
{
    private readonly SqliteConnection _connection = new(connectionString);
    private SqliteCommand? _deal, _line, _change, _activity, _task;
    private List<(string Name, string Sql)> _indexes = [];

    protected override async Task OpenAsync()
    {
        await _connection.OpenAsync();
        await ExecAsync(_connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");
        _indexes = await ReadAsync(_connection, $"""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", Tables.Select(t => $"'{t}'"))})
            """);
        foreach (var (name, _) in _indexes) await ExecAsync(_connection, $"DROP INDEX \"{name}\"");
        _deal = Prepare("""
            INSERT INTO "Deals" ("Id", "Title", "CompanyId", "ContactId", "PipelineId", "StageId", "OwnerId", "Currency", "AmountMinor", "AmountIsManual",
              "Source", "RegionId", "ExpectedCloseDate", "CreatedAt", "CreatedById", "UpdatedAt", "StageEnteredAt", "ClosedAt", "LossReasonId",
              "CustomFields", "Version")
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, 'RUB', $p7, 0, $p8, $p9, $p10, $p11, $p6, $p12, $p13, $p14, $p15, '{}', 1)
            """, 16);
        _line = Prepare("""
            INSERT INTO "DealLines" ("Id", "DealId", "ProductId", "Quantity", "PriceMinor", "DiscountPercent", "TotalMinor") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)
            """, 7);
        _change = Prepare("""
            INSERT INTO "DealStageChanges" ("Id", "DealId", "FromStageId", "ToStageId", "ChangedAt", "ChangedById", "SecondsInFromStage") VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)
            """, 7);
        _activity = Prepare("""
            INSERT INTO "Activities" ("Id", "Type", "UserId", "DealId", "CompanyId", "ContactId", "OccurredAt", "Direction", "DurationSeconds", "CallResult", "CreatedAt")
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p6)
            """, 10);
        _task = Prepare("""
            INSERT INTO "DealTasks" ("Id", "DealId", "Kind", "Title", "AssigneeId", "AuthorId", "DueAt", "Status", "CreatedAt", "Version")
            VALUES ($p0, $p1, 'Call', 'Позвонить клиенту', $p2, $p2, $p3, 'Open', $p4, 1)
            """, 5);
    }

    private SqliteCommand Prepare(string sql, int parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        for (var i = 0; i < parameters; i++) cmd.Parameters.Add(new SqliteParameter($"$p{i}", null));
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
    }

    public override async Task WriteAsync(Batch b)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync();
        foreach (var cmd in new[] { _deal!, _line!, _change!, _activity!, _task! }) cmd.Transaction = tx;
        foreach (var d in b.Deals)
            Run(_deal!, d.Id, $"Сделка {d.Id}", d.CompanyId, d.ContactId, d.PipelineId, d.StageId, d.OwnerId, d.AmountMinor, d.Source, d.RegionId,
                d.ExpectedClose, d.CreatedAt, d.UpdatedAt, d.StageEnteredAt, d.ClosedAt, d.LossReasonId);
        foreach (var l in b.Lines) Run(_line!, l.Id, l.DealId, l.ProductId, l.Quantity, l.PriceMinor, l.Discount, l.TotalMinor);
        foreach (var c in b.Changes) Run(_change!, c.Id, c.DealId, c.FromStageId, c.ToStageId, c.ChangedAt, c.ChangedById, c.SecondsInFromStage);
        foreach (var a in b.Activities) Run(_activity!, a.Id, a.Type, a.UserId, a.DealId, a.CompanyId, a.ContactId, a.OccurredAt, a.Direction, a.DurationSeconds, a.CallResult);
        foreach (var t in b.Tasks) Run(_task!, t.Id, t.DealId, t.AssigneeId, t.DueAt, t.CreatedAt);
        await tx.CommitAsync();
    }

    public override async Task FinishAsync()
    {
        foreach (var (_, create) in _indexes) await ExecAsync(_connection, create);
        await ExecAsync(_connection, "ANALYZE");
        await ExecAsync(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var cmd in new[] { _deal, _line, _change, _activity, _task }) cmd?.Dispose();
        await _connection.DisposeAsync();
    }
}
