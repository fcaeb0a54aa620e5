using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Import;

/// <summary>A mapping saved under a name to read the next file of the same kind (the monthly export of the same CRM)
/// the same way: its tables and columns, stages, people and pipelines.</summary>
public class ImportPreset
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>JSON of <see cref="ImportMapping"/>.</summary>
    public string Mapping { get; set; } = "{}";
    public int UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ImportPresetConfiguration : IEntityTypeConfiguration<ImportPreset>
{
    public void Configure(EntityTypeBuilder<ImportPreset> b)
    {
        b.Property(x => x.Name).HasMaxLength(ImportPresets.MaxName);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasOne<People.AppUser>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A saved mapping as the API shows it.</summary>
public sealed record ImportPresetResponse(int Id, string Name, ImportMapping Mapping, DateTime UpdatedAt);

/// <summary>Saves a mapping under a name; a name already used is replaced.</summary>
public sealed record ImportPresetRequest(string? Name, ImportMapping? Mapping);

/// <summary>The director's saved mappings, and a saved mapping fitted to a new file.</summary>
public sealed class ImportPresets(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const int MaxName = 100;

    public async Task<IReadOnlyList<ImportPresetResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var presets = await db.ImportPresets.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return presets.Select(Response).ToList();
    }

    /// <summary>Saves the mapping under the name, replacing the one of that name (names compared as written, trimmed).</summary>
    public async Task<ImportPresetResponse> SaveAsync(Actor actor, ImportPresetRequest request, CancellationToken ct)
    {
        actor.RequireDirector();
        var v = new Validator();
        v.Required(request.Name, "name", MaxName);
        v.Check(request.Mapping?.Tables is not null, "mapping.tables", "is required.");
        v.ThrowIfInvalid();
        var name = request.Name!.Trim();
        await using var db = await factory.CreateDbContextAsync(ct);
        var preset = await db.ImportPresets.FirstOrDefaultAsync(p => p.Name == name, ct);
        if (preset is null) db.ImportPresets.Add(preset = new ImportPreset { Name = name });
        preset.Mapping = JsonSerializer.Serialize(request.Mapping, ImportService.Json);
        (preset.UpdatedById, preset.UpdatedAt) = (actor.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Response(preset);
    }

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.ImportPresets.Where(p => p.Id == id).ExecuteDeleteAsync(ct) == 0) throw new NotFoundException("import preset", id);
    }

    internal static async Task<ImportMapping> MappingAsync(VoronkaDbContext db, int id, CancellationToken ct)
    {
        var json = await db.ImportPresets.AsNoTracking().Where(p => p.Id == id).Select(p => p.Mapping).FirstOrDefaultAsync(ct)
            ?? throw ValidationFailedException.For("preset", "is not a saved mapping.");
        return JsonSerializer.Deserialize<ImportMapping>(json, ImportService.Json)!;
    }

    /// <summary>
    /// The saved mapping fitted to a file: each table of the file is read as the preset reads the table of the same name
    /// (in any letter case) or, failing that, the one that knows most of its headers (at least half: an export is named by
    /// its date), each of its columns the preset knows too; a table or column the preset does not know is proposed from
    /// its name as on any upload, and what the preset names but the file lacks is left out. The stage, people and
    /// pipeline tables are taken whole.
    /// </summary>
    public static ImportMapping Fit(ImportMapping preset, IReadOnlyList<ImportTable> tables)
    {
        var proposed = ImportService.Propose(tables);
        int Known(TableMapping t, ImportTable table) =>
            table.Columns.Count(h => t.Columns.Keys.Contains(h, StringComparer.OrdinalIgnoreCase));
        var fitted = tables.Select((table, i) =>
        {
            var saved = preset.Tables.FirstOrDefault(t => string.Equals(t.Source, table.Name, StringComparison.OrdinalIgnoreCase))
                ?? preset.Tables.Where(t => 2 * Known(t, table) >= table.Columns.Count && Known(t, table) > 0)
                    .OrderByDescending(t => Known(t, table)).FirstOrDefault();
            if (saved is null) return proposed.Tables[i];
            var guess = saved.Table is null ? [] : ImportColumns.Propose(saved.Table, table.Columns);
            var columns = new Dictionary<string, string?>();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var header = table.Columns[c];
                var known = saved.Columns.FirstOrDefault(kv => string.Equals(kv.Key, header, StringComparison.OrdinalIgnoreCase));
                columns.TryAdd(header, known.Key is not null ? known.Value : guess.Count > c ? guess[c]?.Column : null);
            }
            return new TableMapping(table.Name, saved.Table, columns);
        }).ToList();
        return new ImportMapping(fitted, preset.Stages, preset.People, preset.Pipelines, preset.NewPeople);
    }

    private static ImportPresetResponse Response(ImportPreset p) =>
        new(p.Id, p.Name, JsonSerializer.Deserialize<ImportMapping>(p.Mapping, ImportService.Json)!, p.UpdatedAt);
}
