using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Import;

/// <summary>
/// Imports of files (docs/import-format.md), for the director: upload, the dry run's report and errors, the mapping,
/// commit and rollback. Each step is asked for here and run in the background by <see cref="ImportSteps"/>, so it
/// survives the page being closed and runs on whichever instance takes it.
/// </summary>
public sealed class ImportService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>The largest file taken, in bytes.</summary>
    public const long MaxBytes = 100L * 1024 * 1024;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Takes a file and queues its dry run. The file is read enough to know it is one of the format's
    /// containers; a <paramref name="mapping"/> left out is the saved one of <paramref name="presetId"/> fitted to the file
    /// (<see cref="ImportPresets.Fit"/>), or else proposed from its tables' names and headers.</summary>
    public async Task<ImportBatchResponse> UploadAsync(Actor actor, Stream content, string fileName, ImportMapping? mapping,
        CancellationToken ct, int? presetId = null)
    {
        actor.RequireDirector();
        var bytes = await ReadAsync(content, ct);
        var name = Path.GetFileName(fileName.Trim());
        if (name.Length is 0 or > 260) throw ValidationFailedException.For("file", "must have a name of at most 260 characters.");
        var tables = ImportFile.Open(new MemoryStream(bytes, writable: false), name);
        if (tables.Count == 0) throw ValidationFailedException.For("file", "holds no table.");
        if (mapping is not null && presetId is not null)
            throw ValidationFailedException.For("preset", "must be left out when a mapping is given.");
        await using var db = await factory.CreateDbContextAsync(ct);
        mapping = mapping is not null ? Checked(mapping, tables)
            : presetId is int preset ? Checked(ImportPresets.Fit(await ImportPresets.MappingAsync(db, preset, ct), tables), tables)
            : Propose(tables);
        var batch = new ImportBatch
        {
            FileName = name, SizeBytes = bytes.Length, Status = ImportStatus.Checking, CreatedById = actor.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime, Mapping = JsonSerializer.Serialize(mapping, Json),
        };
        // The batch and its file appear together: a runner never finds a batch queued without its file.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ImportBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.ImportFiles.Add(new ImportFileContent { BatchId = batch.Id, Content = bytes });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Response(batch);
    }

    public async Task<ImportBatchResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return Response(await db.ImportBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct)
            ?? throw new NotFoundException("import", id));
    }

    /// <summary>The imports, newest first, without their mappings and reports.</summary>
    public async Task<IReadOnlyList<ImportBatchResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var batches = await db.ImportBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(200).ToListAsync(ct);
        return batches.Select(b => Response(b) with { Mapping = null, Report = null }).ToList();
    }

    /// <summary>The rows the dry run refused, in the file's order, a page at a time.</summary>
    public async Task<ImportProblemsResponse> ProblemsAsync(Actor actor, int id, int page, int pageSize, CancellationToken ct)
    {
        actor.RequireDirector();
        if (page < 1) throw ValidationFailedException.For("page", "must be 1 or more.");
        if (pageSize is < 1 or > 500) throw ValidationFailedException.For("pageSize", "must be from 1 to 500.");
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.ImportBatches.AnyAsync(b => b.Id == id, ct)) throw new NotFoundException("import", id);
        var rows = db.ImportProblems.AsNoTracking().Where(p => p.BatchId == id);
        var items = await rows.OrderBy(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new ImportProblemResponse(p.Table, p.Row, p.Column, p.Value, p.Reason)).ToListAsync(ct);
        return new ImportProblemsResponse(items, await rows.CountAsync(ct));
    }

    /// <summary>The pipelines, stages and people the dry run did not know, from every refused row (not a page of them):
    /// what the director maps.</summary>
    public async Task<ImportUnknowns> UnknownsAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.ImportBatches.AnyAsync(b => b.Id == id, ct)) throw new NotFoundException("import", id);
        var rows = db.ImportProblems.AsNoTracking().Where(p => p.BatchId == id && p.Value != null);
        var stages = await rows.Where(p => p.Column == "stage" && p.Reason.StartsWith(ImportRules.UnknownStageStart))
            .Select(p => p.Value!).Distinct().Take(MaxUnknowns).ToListAsync(ct);
        var pipelines = await rows.Where(p => p.Column == "pipeline" && p.Reason == ImportRules.UnknownPipeline)
            .Select(p => p.Value!).Distinct().Take(MaxUnknowns).ToListAsync(ct);
        var people = await rows.Where(p => p.Reason == ImportRules.UnknownPerson).Select(p => p.Value!).Distinct().Take(MaxUnknowns)
            .ToListAsync(ct);
        return new ImportUnknowns(pipelines.Order().ToList(), stages.Order().ToList(), people.Order().ToList());
    }

    private const int MaxUnknowns = 500;

    /// <summary>Replaces the mapping and runs the dry run again.</summary>
    public async Task<ImportBatchResponse> SetMappingAsync(Actor actor, int id, ImportMapping mapping, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await FindAsync(db, id, ct);
        if (batch.Status is not (ImportStatus.Checked or ImportStatus.Failed))
            throw new ConflictException($"The import is {Word(batch.Status)}; its mapping can be changed once it is checked.");
        var content = await db.ImportFiles.AsNoTracking().Where(f => f.BatchId == id).Select(f => f.Content).FirstAsync(ct);
        var tables = ImportFile.Open(new MemoryStream(content, writable: false), batch.FileName);
        batch.Mapping = JsonSerializer.Serialize(Checked(mapping, tables), Json);
        Queue(batch, ImportStatus.Checking);
        (batch.Report, batch.ErrorCount) = (null, 0);
        await db.ImportProblems.Where(p => p.BatchId == id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        return Response(batch);
    }

    /// <summary>Queues the commit of a checked import without errors.</summary>
    public async Task<ImportBatchResponse> CommitAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await FindAsync(db, id, ct);
        if (batch.Status is not (ImportStatus.Checked or ImportStatus.Failed))
            throw new ConflictException($"The import is {Word(batch.Status)}; only a checked one can be committed.");
        if (batch.ErrorCount > 0)
            throw new ConflictException($"The dry run found {batch.ErrorCount} errors; correct the file or the mapping first.");
        Queue(batch, ImportStatus.Committing);
        await db.SaveChangesAsync(ct);
        return Response(batch);
    }

    /// <summary>Queues the rollback of a committed import.</summary>
    public async Task<ImportBatchResponse> RollbackAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await FindAsync(db, id, ct);
        if (batch.Status != ImportStatus.Committed)
            throw new ConflictException($"The import is {Word(batch.Status)}; only a committed one can be rolled back.");
        var changed = await ImportRollback.ChangedSinceAsync(db, id, ct);
        if (changed.Count > 0) throw new ConflictException(ImportRollback.Refusal(changed));
        Queue(batch, ImportStatus.RollingBack);
        await db.SaveChangesAsync(ct);
        return Response(batch);
    }

    /// <summary>Removes an import that holds nothing in the database — checked, refused, failed or rolled back — with its
    /// file, its errors and what it kept for the rollback. A committed one is rolled back first.</summary>
    public async Task DiscardAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await FindAsync(db, id, ct);
        if (batch.Status is not (ImportStatus.Checked or ImportStatus.Refused or ImportStatus.Failed or ImportStatus.RolledBack))
            throw new ConflictException($"The import is {Word(batch.Status)}; only one that holds nothing can be discarded.");
        db.ImportBatches.Remove(batch);
        await db.SaveChangesAsync(ct);
    }

    private void Queue(ImportBatch batch, ImportStatus status)
    {
        (batch.Status, batch.Progress, batch.Failure, batch.HeartbeatAt) = (status, 0, null, null);
    }

    private static async Task<ImportBatch> FindAsync(VoronkaDbContext db, int id, CancellationToken ct) =>
        await db.ImportBatches.FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException("import", id);

    private static string Word(ImportStatus s) => s switch
    {
        ImportStatus.Checking => "being checked",
        ImportStatus.Committing => "being committed",
        ImportStatus.RollingBack => "being rolled back",
        ImportStatus.RolledBack => "rolled back",
        _ => s.ToString().ToLowerInvariant(),
    };

    private static async Task<byte[]> ReadAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw ValidationFailedException.For("file", $"is larger than {MaxBytes / 1024 / 1024} MB; split it into several imports.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw ValidationFailedException.For("file", "is empty.");
        return buffer.ToArray();
    }

    /// <summary>Each table of the file placed by its name or headers, each column by its header.</summary>
    public static ImportMapping Propose(IReadOnlyList<ImportTable> tables) => new(tables.Select(t =>
    {
        var table = ImportColumns.GuessTable(t.Name, t.Columns);
        var columns = table is null ? [] : ImportColumns.Propose(table, t.Columns);
        var placed = new Dictionary<string, string?>();
        for (var i = 0; i < t.Columns.Count; i++) placed.TryAdd(t.Columns[i], table is null ? null : columns[i]?.Column);
        return new TableMapping(t.Name, table, placed);
    }).ToList());

    /// <summary>The mapping refused when it names a table the file lacks or a table or column the format lacks.</summary>
    private static ImportMapping Checked(ImportMapping mapping, IReadOnlyList<ImportTable> tables)
    {
        var v = new Validator();
        for (var i = 0; i < (mapping.Tables?.Count ?? 0); i++)
        {
            var t = mapping.Tables![i];
            var source = tables.FirstOrDefault(x => string.Equals(x.Name, t.Source, StringComparison.OrdinalIgnoreCase));
            if (source is null)
            {
                v.Add($"tables[{i}].source", $"is not a table of the file ({string.Join(", ", tables.Select(x => x.Name))}).");
                continue;
            }
            if (t.Table is null) continue;
            if (!ImportColumns.Tables.TryGetValue(t.Table, out var known))
            {
                v.Add($"tables[{i}].table", $"must be one of: {string.Join(", ", ImportColumns.Tables.Keys)}.");
                continue;
            }
            foreach (var (header, column) in t.Columns ?? new Dictionary<string, string?>())
            {
                if (!source.Columns.Contains(header)) v.Add($"tables[{i}].columns.{header}", "is not a column of the file's table.");
                else if (column is not null && !known.Contains(column) && !column.StartsWith("custom.", StringComparison.Ordinal))
                    v.Add($"tables[{i}].columns.{header}", $"must be one of: {string.Join(", ", known)}, or custom.<code>.");
            }
        }
        if (mapping.Tables is null) v.Add("tables", "is required.");
        v.ThrowIfInvalid();
        return mapping;
    }

    internal static ImportBatchResponse Response(ImportBatch b) => new(
        b.Id, b.FileName, b.SizeBytes, b.Status, b.Progress, b.ErrorCount, b.Failure, b.CreatedById, b.CreatedAt, b.CheckedAt,
        b.CommittedAt, b.RolledBackAt, JsonSerializer.Deserialize<ImportMapping>(b.Mapping, Json),
        b.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(b.Report, Json));
}
