using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Reports;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Runs the imports' queued steps — dry run, commit, rollback — one at a time per instance. A step is claimed by
/// stamping its heartbeat, so two instances never run the same one. A commit or rollback runs in one transaction
/// that also sets its outcome: if its process stops, the database drops all of it, and the step whose heartbeat went
/// stale is marked failed with nothing written.
/// </summary>
public sealed class ImportSteps(
    IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, ILogger<ImportSteps> log, ImportSteps.Settings? settings = null)
{
    /// <summary>How long a running step's heartbeat may be silent before its instance is taken to have stopped
    /// (<c>Import:StaleSeconds</c>, two minutes by default); the heartbeat beats six times as often.</summary>
    public sealed record Settings(TimeSpan Stale);

    private readonly TimeSpan _stale = settings?.Stale ?? TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<int, bool> _running = new();

    /// <summary>Marks the stopped steps and runs the next queued one; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - _stale;
        int id;
        ImportStatus status;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var stopped = await db.ImportBatches
                .Where(b => (b.Status == ImportStatus.Committing || b.Status == ImportStatus.RollingBack) && b.HeartbeatAt != null
                    && b.HeartbeatAt < stale)
                .ToListAsync(ct);
            foreach (var b in stopped.Where(b => !_running.ContainsKey(b.Id)))
            {
                (b.Status, b.Failure) = b.Status == ImportStatus.Committing
                    ? (ImportStatus.Failed, "The commit stopped before it ended; nothing of it was written.")
                    : (ImportStatus.Committed, "The rollback stopped before it ended; nothing was rolled back.");
                (b.Progress, b.HeartbeatAt) = (0, null);
            }
            await db.SaveChangesAsync(ct);
            var next = await db.ImportBatches.AsNoTracking()
                .Where(b => (b.Status == ImportStatus.Committing || b.Status == ImportStatus.RollingBack
                    || b.Status == ImportStatus.Checking)
                    && (b.HeartbeatAt == null || (b.Status == ImportStatus.Checking && b.HeartbeatAt < stale)))
                .OrderBy(b => b.Id).Select(b => new { b.Id, b.Status, b.HeartbeatAt }).FirstOrDefaultAsync(ct);
            if (next is null) return false;
            var claimed = await db.ImportBatches.Where(b => b.Id == next.Id && b.Status == next.Status && b.HeartbeatAt == next.HeartbeatAt)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.HeartbeatAt, now), ct);
            if (claimed == 0) return true;
            (id, status) = (next.Id, next.Status);
        }
        _running[id] = true;
        using var heartbeat = new Timer(_ => _ = BeatAsync(id), null, _stale / 6, _stale / 6);
        try
        {
            await (status switch
            {
                ImportStatus.Checking => CheckAsync(id, ct),
                ImportStatus.Committing => CommitAsync(id, ct),
                _ => RollbackAsync(id, ct),
            });
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError(e, "Import {Id}: the step {Status} failed", id, status);
            await FailAsync(id, status, e, ct);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
        return true;
    }

    private async Task CheckAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (batch, plan, diff, errors) = await PlanAsync(db, id, ct);
        var stages = await db.Stages.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        batch.Report = JsonSerializer.Serialize(ImportReports.Build(plan, diff, stages, errors), ImportService.Json);
        await db.ImportProblems.Where(p => p.BatchId == id).ExecuteDeleteAsync(ct);
        foreach (var part in errors.Chunk(5000))
        {
            db.ImportProblems.AddRange(part.Select(e => new ImportProblem
            {
                BatchId = id, Table = Cut(e.Table, 64), Row = e.Row, Column = Cut(e.Column, 200), Value = e.Value is null ? null
                    : Cut(e.Value, 500),
                Reason = Cut(e.Reason, 500),
            }));
            await db.SaveChangesAsync(ct);
        }
        (batch.Status, batch.ErrorCount, batch.CheckedAt, batch.Progress, batch.HeartbeatAt) =
            (ImportStatus.Checked, errors.Count, clock.GetUtcNow().UtcDateTime, 100, null);
        await db.SaveChangesAsync(ct);
    }

    private async Task CommitAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var planning = System.Diagnostics.Stopwatch.StartNew();
        var (batch, plan, diff, errors) = await PlanAsync(db, id, ct);
        log.LogInformation("Import {Id}: the file read and checked again in {Seconds:0.0} s", id, planning.Elapsed.TotalSeconds);
        if (errors.Count > 0)
        {
            (batch.Status, batch.Failure, batch.ErrorCount, batch.HeartbeatAt) = (ImportStatus.Failed,
                $"The file no longer passes the dry run ({errors.Count} errors, the data changed since); check it again.", errors.Count,
                    null);
            await db.SaveChangesAsync(ct);
            return;
        }
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await new ImportWriter(db, plan, id, p => ProgressAsync(id, p)).WriteAsync(diff, ct);
        var written = watch.Elapsed;
        await KeptFigures.RebuildAsync(db, ct, pathsKept: true);
        log.LogInformation("Import {Id}: rows written in {Written:0.0} s, the kept figures rebuilt in {Rebuilt:0.0} s",
            id, written.TotalSeconds, (watch.Elapsed - written).TotalSeconds);
        db.ChangeTracker.Clear();
        var done = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
        (done.Status, done.CommittedAt, done.Progress, done.HeartbeatAt, done.Failure) =
            (ImportStatus.Committed, clock.GetUtcNow().UtcDateTime, 100, null, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.Database.SetCommandTimeout(timeout);
    }

    private async Task RollbackAsync(int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await ImportRollback.ChangedSinceAsync(db, id, ct);
        var batch = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
        if (changed.Count > 0)
        {
            (batch.Status, batch.Failure, batch.HeartbeatAt) = (ImportStatus.Committed, ImportRollback.Refusal(changed), null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return;
        }
        await ImportRollback.UndoAsync(db, id, ct);
        await KeptFigures.RebuildAsync(db, ct);
        db.ChangeTracker.Clear();
        batch = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
        (batch.Status, batch.RolledBackAt, batch.Progress, batch.HeartbeatAt, batch.Failure) =
            (ImportStatus.RolledBack, clock.GetUtcNow().UtcDateTime, 100, null, null);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The batch's file read with its mapping against the organisation as it is now.</summary>
    private async Task<(ImportBatch, ImportPlan, ImportDiff, List<ImportError>)> PlanAsync(VoronkaDbContext db, int id,
        CancellationToken ct)
    {
        var batch = await db.ImportBatches.FirstAsync(b => b.Id == id, ct);
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.BatchId == id).Select(f => f.Content).FirstAsync(ct);
        var mapping = JsonSerializer.Deserialize<ImportMapping>(batch.Mapping, ImportService.Json)!;
        var tables = ImportFile.Open(new MemoryStream(content, writable: false), batch.FileName);
        var catalog = await ImportCatalogs.LoadAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        var plan = ImportPlanner.Plan(tables, mapping, catalog);
        var diff = await ImportWriter.DiffAsync(db, plan, ct);
        return (batch, plan, diff, [.. plan.Errors, .. diff.Errors]);
    }

    private async Task FailAsync(int id, ImportStatus status, Exception e, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null) return;
        var reason = e is ValidationFailedException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value.Select(m => $"{x.Key} {m}")))
            : e.Message;
        (batch.Status, batch.Failure, batch.HeartbeatAt, batch.Progress) = status switch
        {
            ImportStatus.Checking => (ImportStatus.Refused, Cut($"The file could not be read: {reason}", 2000), (DateTime?)null, 0),
            ImportStatus.Committing => (ImportStatus.Failed, Cut($"The commit failed; nothing of it was written: {reason}", 2000), null, 0),
            _ => (ImportStatus.Committed, Cut($"The rollback failed; nothing was rolled back: {reason}", 2000), null, 0),
        };
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Says how far the step is, from outside its transaction (on PostgreSQL; SQLite is busy with the step).</summary>
    private async Task ProgressAsync(int id, int? progress)
    {
        // The steps between tables are told; the chunks within one only when asked for.
        if (progress is int p)
            log.Log(p is 5 or 15 or 50 or 80 ? LogLevel.Information : LogLevel.Debug, "Import {Id}: {Progress} % written", id, p);
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            // SQLite lets one writer in at a time, and the step's transaction is it: the page shows the step running.
            if (db.Database.IsSqlite()) return;
            db.Database.SetCommandTimeout(5);
            var now = clock.GetUtcNow().UtcDateTime;
            await db.ImportBatches.Where(b => b.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Progress, b => progress ?? b.Progress).SetProperty(b => b.HeartbeatAt, now));
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogDebug(e, "Import {Id}: progress not recorded", id);
        }
    }

    private Task BeatAsync(int id) => ProgressAsync(id, null);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
