using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Reports;

/// <summary>One kept figure against the same figure recomputed from the rows.</summary>
/// <param name="Figure">The table or field kept.</param>
/// <param name="Kept">Rows kept (cells that say nothing — every count zero — are not counted).</param>
/// <param name="Recomputed">Rows the recomputation gives.</param>
/// <param name="Differing">Rows in one and not in the other, counted on each side.</param>
/// <param name="Examples">A few of them: "kept …" or "recomputed …", with their values.</param>
public sealed record KeptFigureCheck(string Figure, int Kept, int Recomputed, int Differing, IReadOnlyList<string> Examples)
{
    public bool Same => Differing == 0;
}

/// <summary>
/// Recomputes every kept figure (ADR 0012) from the rows in a transaction that is rolled back, and compares it with what
/// is kept: the daily activities and sales, the deals' activity facts and furthest stages, the stage changes' previous
/// moments and the funnel's daily cells. Nothing is changed. On SQLite the check holds the one writer for its length;
/// run it on a quiet database or a restored copy.
/// </summary>
public sealed class KeptFiguresCheck(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    private const int ExamplesShown = 5;

    public async Task<IReadOnlyList<KeptFigureCheck>> RunAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var kept = await ReadAsync(db, ct);
        await KeptFigures.RebuildAsync(db, ct);
        db.ChangeTracker.Clear();
        var recomputed = await ReadAsync(db, ct);
        await transaction.RollbackAsync(ct);
        return kept.Keys.Select(figure => Compare(figure, kept[figure], recomputed[figure])).ToList();
    }

    private static KeptFigureCheck Compare(string figure, List<string> kept, List<string> recomputed)
    {
        var left = Counted(kept);
        var right = Counted(recomputed);
        var examples = new List<string>();
        var differing = 0;
        foreach (var (row, n) in left)
        {
            var missing = n - right.GetValueOrDefault(row);
            if (missing <= 0) continue;
            differing += missing;
            if (examples.Count < ExamplesShown) examples.Add("kept " + row);
        }
        foreach (var (row, n) in right)
        {
            var extra = n - left.GetValueOrDefault(row);
            if (extra <= 0) continue;
            differing += extra;
            if (examples.Count < ExamplesShown) examples.Add("recomputed " + row);
        }
        return new KeptFigureCheck(figure, kept.Count, recomputed.Count, differing, examples);

        static Dictionary<string, int> Counted(List<string> rows)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in rows) counts[r] = counts.GetValueOrDefault(r) + 1;
            return counts;
        }
    }

    private static async Task<Dictionary<string, List<string>>> ReadAsync(VoronkaDbContext db, CancellationToken ct) => new()
    {
        ["ActivityDays"] = await Rows(db.ActivityDays, a => a.Count != 0 || a.Seconds != 0,
            a => Line(a.Day, a.UserId, a.Type, a.Count, a.Seconds), ct),
        ["SalesDays"] = await Rows(db.SalesDays, s => s.Count != 0 || s.AmountMinor != 0,
            s => Line(s.Day, s.OwnerId, s.Count, s.AmountMinor), ct),
        ["DealActivityFacts"] = await Rows(db.DealActivityFacts, _ => true,
            f => Line(f.DealId, f.Latest1, f.Latest2, f.Latest3, f.Latest4, f.Latest5, f.Engaged1, f.Engaged2), ct),
        ["FlowDays"] = await Rows(db.FlowDays, f => f.Count != 0,
            f => Line(f.PipelineId, f.Day, f.Figure, f.StageId, f.Other, f.Since, f.Count), ct),
        ["StayDays"] = await Rows(db.StayDays, s => s.Count != 0 || s.Seconds != 0,
            s => Line(s.PipelineId, s.View, s.Day, s.StageId, s.Length, s.Count, s.Seconds), ct),
        ["CohortDays"] = await Rows(db.CohortDays, c => c.Count != 0 || c.AmountMinor != 0,
            c => Line(c.PipelineId, c.Day, c.Kind, c.Furthest, c.ReasonId, c.Count, c.AmountMinor), ct),
        ["Deals.FurthestPosition"] = await Rows(db.Deals.IgnoreQueryFilters().Select(d => new { d.Id, d.FurthestPosition }),
            _ => true, d => Line(d.Id, d.FurthestPosition), ct),
        ["DealStageChanges.Previous"] = await Rows(db.DealStageChanges.Select(c => new { c.Id, c.PreviousChangeAt, c.PreviousEntryAt }),
            _ => true, c => Line(c.Id, c.PreviousChangeAt, c.PreviousEntryAt), ct),
    };

    // A cell that counts nothing and a cell that is not there say the same.
    private static async Task<List<string>> Rows<T>(IQueryable<T> rows, Func<T, bool> saysSomething, Func<T, string> line,
        CancellationToken ct) where T : class
    {
        var lines = new List<string>();
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            if (saysSomething(row)) lines.Add(line(row));
        return lines;
    }

    private static string Line(params object?[] values) =>
        string.Join(" | ", values.Select(v => v switch
        {
            null => "—",
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));
}
