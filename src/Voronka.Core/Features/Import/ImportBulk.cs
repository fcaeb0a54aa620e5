using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Writes the import's largest tables — activities and stage changes, a million rows and more — straight to the
/// database inside the commit's transaction: binary COPY on PostgreSQL, one prepared insert on SQLite. The values are
/// stored as EF stores them (enums by name, times in UTC); the kept figures are rebuilt from them afterwards.
/// </summary>
internal static class ImportBulk
{
    private sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    private static readonly Column<Activity>[] ActivityColumns =
    [
        new("Type", NpgsqlDbType.Text, a => a.Type.ToString()),
        new("UserId", NpgsqlDbType.Integer, a => a.UserId),
        new("DealId", NpgsqlDbType.Integer, a => a.DealId),
        new("CompanyId", NpgsqlDbType.Integer, a => a.CompanyId),
        new("ContactId", NpgsqlDbType.Integer, a => a.ContactId),
        new("OccurredAt", NpgsqlDbType.TimestampTz, a => a.OccurredAt),
        new("Subject", NpgsqlDbType.Text, a => a.Subject),
        new("Notes", NpgsqlDbType.Text, a => a.Notes),
        new("Direction", NpgsqlDbType.Text, a => a.Direction?.ToString()),
        new("DurationSeconds", NpgsqlDbType.Integer, a => a.DurationSeconds),
        new("CallResult", NpgsqlDbType.Text, a => a.CallResult?.ToString()),
        new("RecordingUrl", NpgsqlDbType.Text, a => a.RecordingUrl),
        new("CreatedAt", NpgsqlDbType.TimestampTz, a => a.CreatedAt),
        new("ExternalId", NpgsqlDbType.Text, a => a.ExternalId),
        new("ImportBatchId", NpgsqlDbType.Integer, a => a.ImportBatchId),
    ];

    private static readonly Column<DealStageChange>[] ChangeColumns =
    [
        new("DealId", NpgsqlDbType.Integer, c => c.DealId),
        new("FromStageId", NpgsqlDbType.Integer, c => c.FromStageId),
        new("ToStageId", NpgsqlDbType.Integer, c => c.ToStageId),
        new("ChangedAt", NpgsqlDbType.TimestampTz, c => c.ChangedAt),
        new("ChangedById", NpgsqlDbType.Integer, c => c.ChangedById),
        new("SecondsInFromStage", NpgsqlDbType.Bigint, c => c.SecondsInFromStage),
        new("PreviousChangeAt", NpgsqlDbType.TimestampTz, c => c.PreviousChangeAt),
        new("PreviousEntryAt", NpgsqlDbType.TimestampTz, c => c.PreviousEntryAt),
    ];

    public static Task ActivitiesAsync(VoronkaDbContext db, IEnumerable<Activity> rows, CancellationToken ct) =>
        WriteAsync(db, "Activities", ActivityColumns, rows, ct);

    public static Task ChangesAsync(VoronkaDbContext db, IEnumerable<DealStageChange> rows, CancellationToken ct) =>
        WriteAsync(db, "DealStageChanges", ChangeColumns, rows, ct);

    private static async Task WriteAsync<T>(VoronkaDbContext db, string table, Column<T>[] columns, IEnumerable<T> rows,
        CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A bulk write runs inside the commit's transaction.");
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (db.Database.GetDbConnection() is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                foreach (var c in columns)
                {
                    if (c.Value(row) is { } v) await copy.WriteAsync(v, c.Type, ct);
                    else await copy.WriteNullAsync(ct);
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        var sqlite = (SqliteConnection)db.Database.GetDbConnection();
        await using var cmd = sqlite.CreateCommand();
        cmd.Transaction = (SqliteTransaction)transaction;
        cmd.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => cmd.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        cmd.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++) parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}
