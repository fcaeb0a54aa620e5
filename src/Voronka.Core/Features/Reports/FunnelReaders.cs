using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

/// <summary>Where a funnel's counts are read from: the cells kept per day (the whole company's funnel of a pipeline
/// only) or the rows of the deals and their history. <see cref="Auto"/> takes the kept cells wherever they answer.</summary>
public enum FunnelSource { Auto, Kept, Rows }

/// <summary>The pipeline, period and deals one funnel is read for.</summary>
internal sealed record FunnelFrame(
    VoronkaDbContext Db, int PipelineId, IReadOnlyList<PlanStage> Stages, IReadOnlyDictionary<int, StageKind> Kinds,
    IQueryable<Deal> Deals, DateOnly From, DateOnly To, DateTime Start, DateTime End)
{
    /// <summary>The index of the report's stage at a position, or -1.</summary>
    public int IndexOf(int? position)
    {
        for (var i = 0; i < Stages.Count; i++) if (Stages[i].Position == position) return i;
        return -1;
    }

    public int IndexOfStage(int? stageId)
    {
        for (var i = 0; i < Stages.Count; i++) if (Stages[i].Id == stageId) return i;
        return -1;
    }
}

/// <summary>The one shape every reader fills: per stage of the report the deals that reached it and their amount, the
/// lost ones and their reasons; the totals; the histogram of ended stays (bucket = whole seconds / <see cref="Width"/>)
/// and the stays whose exact lengths give the medians.</summary>
internal sealed class FunnelCounts(int stages, long width, IQueryable<DealStageChange> stays)
{
    public int[] Reached { get; } = new int[stages];
    public long[] Amounts { get; } = new long[stages];
    public int[] Lost { get; } = new int[stages];
    public long[] LostAmounts { get; } = new long[stages];
    public List<(int Stage, int? Reason, int Deals)> LossReasons { get; } = [];
    public (int Deals, long Amount) Total { get; set; }
    public (int Deals, long Amount) Won { get; set; }
    public (int Deals, long Amount) LostTotal { get; set; }
    public (int Deals, long Amount) Open { get; set; }
    public List<(int Stage, long Bucket, int Count, long Sum)> Histogram { get; set; } = [];
    public long Width { get; } = width;
    public IQueryable<DealStageChange> Stays { get; } = stays;

    public void AddLost(int index, int? reason, int deals, long amount)
    {
        Lost[index] += deals;
        LostAmounts[index] += amount;
        LossReasons.Add((index, reason, deals));
    }
}

/// <summary>
/// The four readings of a funnel — cohort or flow, from the kept cells or from the rows — each filling
/// <see cref="FunnelCounts"/>, so that the two sources of one view can be compared with each other. Histograms of
/// stays are by whole days in the cells and by hours from the rows; the medians come from the exact lengths either way.
/// </summary>
internal static class FunnelReaders
{
    private const long Day = 86400L, Hour = 3600L;

    private sealed record CohortRow(int? Furthest, StageKind Kind, int? Reason, int Count, long Sum);

    private sealed record FlowCells(
        List<(int Stage, int Deals, long Amount)> Entries, List<(int? From, int? Reason, int Deals, long Amount)> Losses,
        (int Deals, long Amount) Touched);

    public static async Task<FunnelCounts> CohortAsync(FunnelFrame f, bool kept, CancellationToken ct)
    {
        var cohort = f.Deals.Where(d => d.CreatedAt >= f.Start && d.CreatedAt < f.End);
        // A join, not EXISTS: the database walks the cohort and reads each deal's history by its index. A deal's
        // history begins when it is created, so its changes are no older than the period: said outright, it lets
        // the medians' values be found through the index of stays without reading every stay of that length.
        var stays = cohort.Join(f.Db.DealStageChanges.Where(c => c.ChangedAt >= f.Start), d => d.Id, c => c.DealId, (d, c) => c);
        var counts = new FunnelCounts(f.Stages.Count, kept ? Day : Hour, stays);
        var rows = kept ? await CohortKeptAsync(f, ct) : await CohortRowsAsync(f, cohort, ct);
        foreach (var r in rows)
        {
            for (var i = 0; i < f.Stages.Count; i++)
                if (r.Kind == StageKind.Won || (r.Furthest is int m && m >= f.Stages[i].Position))
                {
                    counts.Reached[i] += r.Count;
                    counts.Amounts[i] += r.Sum;
                }
            // A lost deal stopped at the furthest open stage it reached.
            if (r.Kind == StageKind.Lost && f.IndexOf(r.Furthest) is var k and >= 0) counts.AddLost(k, r.Reason, r.Count, r.Sum);
        }
        (int, long) Of(StageKind? kind)
        {
            var xs = rows.Where(r => kind is null || r.Kind == kind).ToList();
            return (xs.Sum(r => r.Count), xs.Sum(r => r.Sum));
        }
        counts.Total = Of(null);
        counts.Won = Of(StageKind.Won);
        counts.LostTotal = Of(StageKind.Lost);
        counts.Open = Of(StageKind.Open);
        counts.Histogram = kept ? await KeptStaysAsync(f, FunnelView.Cohort, ct) : await RowStaysAsync(counts, ct);
        return counts;
    }

    private static async Task<List<CohortRow>> CohortKeptAsync(FunnelFrame f, CancellationToken ct) =>
        (await f.Db.CohortDays.Where(c => c.PipelineId == f.PipelineId && c.Day >= f.From && c.Day <= f.To)
            .GroupBy(c => new { c.Furthest, c.Kind, c.ReasonId })
            .Select(g => new { g.Key.Furthest, g.Key.Kind, g.Key.ReasonId, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.AmountMinor) })
            .ToListAsync(ct))
        .Select(r => new CohortRow(r.Furthest < 0 ? null : r.Furthest, r.Kind, r.ReasonId == 0 ? null : r.ReasonId, r.Count, r.Sum))
        .ToList();

    private static async Task<List<CohortRow>> CohortRowsAsync(FunnelFrame f, IQueryable<Deal> cohort, CancellationToken ct) =>
        (await cohort
            // The furthest open stage of the pipeline each deal entered, kept from its history (KeptFigures).
            .Join(f.Db.Stages, d => d.StageId, s => s.Id, (d, s) => new { Max = d.FurthestPosition, s.Kind, d.LossReasonId, d.AmountMinor })
            .GroupBy(x => new { x.Max, x.Kind, x.LossReasonId })
            .Select(g => new { g.Key.Max, g.Key.Kind, g.Key.LossReasonId, Count = g.Count(), Sum = g.Sum(x => x.AmountMinor) })
            .ToListAsync(ct))
        .Select(r => new CohortRow(r.Max, r.Kind, r.LossReasonId, r.Count, r.Sum)).ToList();

    /// <summary>Each deal counts once per stage it entered in the period (its previous entry into the stage came before
    /// the period) and once among the deals touched (its previous change came before); moves into a lost stage count
    /// by the stage left and the deal's reason.</summary>
    public static async Task<FunnelCounts> FlowAsync(FunnelFrame f, bool kept, CancellationToken ct)
    {
        var stays = f.Db.DealStageChanges.Where(c => c.ChangedAt >= f.Start && c.ChangedAt < f.End)
            .Join(f.Deals, c => c.DealId, d => d.Id, (c, d) => c);
        var counts = new FunnelCounts(f.Stages.Count, kept ? Day : Hour, stays);
        var cells = kept ? await FlowKeptAsync(f, ct) : await FlowRowsAsync(f, counts, ct);
        for (var i = 0; i < f.Stages.Count; i++)
        {
            var stageId = f.Stages[i].Id;
            counts.Reached[i] = cells.Entries.Where(x => x.Stage == stageId).Sum(x => x.Deals);
            counts.Amounts[i] = cells.Entries.Where(x => x.Stage == stageId).Sum(x => x.Amount);
        }
        (int, long) Entered(StageKind k)
        {
            var xs = cells.Entries.Where(x => f.Kinds.GetValueOrDefault(x.Stage) == k).ToList();
            return (xs.Sum(x => x.Deals), xs.Sum(x => x.Amount));
        }
        counts.Won = Entered(StageKind.Won);
        counts.LostTotal = Entered(StageKind.Lost);
        foreach (var m in cells.Losses)
            if (f.IndexOfStage(m.From) is var k and >= 0) counts.AddLost(k, m.Reason, m.Deals, m.Amount);
        counts.Total = cells.Touched;
        if (kept) counts.Histogram = await KeptStaysAsync(f, FunnelView.Flow, ct);
        return counts;
    }

    private static async Task<FlowCells> FlowKeptAsync(FunnelFrame f, CancellationToken ct)
    {
        var from = f.From;
        var cells = await f.Db.FlowDays.Where(c => c.PipelineId == f.PipelineId && c.Day >= f.From && c.Day <= f.To)
            .GroupBy(c => new { c.Figure, c.StageId, c.Other })
            .Select(g => new
            {
                g.Key.Figure, g.Key.StageId, g.Key.Other,
                Firsts = g.Sum(c => c.Since < from ? c.Count : 0),
                FirstAmount = g.Sum(c => c.Since < from ? c.AmountMinor : 0L),
                Count = g.Sum(c => c.Count),
                Amount = g.Sum(c => c.AmountMinor),
            })
            .ToListAsync(ct);
        var moves = cells.Where(c => c.Figure == FlowFigure.Move).ToList();
        return new FlowCells(
            cells.Where(c => c.Figure == FlowFigure.Entry).Select(c => (c.StageId, c.Firsts, c.FirstAmount)).ToList(),
            cells.Where(c => c.Figure == FlowFigure.Loss)
                .Select(c => ((int?)c.StageId, c.Other == 0 ? (int?)null : c.Other, c.Count, c.Amount)).ToList(),
            (moves.Sum(c => c.Firsts), moves.Sum(c => c.FirstAmount)));
    }

    /// <summary>One reading of the period's moves, without DISTINCT (the previous entry and change are kept on each
    /// row); the hour of the stay each move ended gives the histogram of time in stage from the same reading.</summary>
    private static async Task<FlowCells> FlowRowsAsync(FunnelFrame f, FunnelCounts counts, CancellationToken ct)
    {
        var (start, width) = (f.Start, counts.Width);
        var moves = f.Db.DealStageChanges.Where(c => c.ChangedAt >= f.Start && c.ChangedAt < f.End)
            .Join(f.Deals, c => c.DealId, d => d.Id, (c, d) => new
            {
                c.FromStageId, c.ToStageId, c.PreviousEntryAt, c.PreviousChangeAt, c.SecondsInFromStage, d.AmountMinor, d.LossReasonId,
            });
        var groups = await moves
            .GroupBy(m => new { m.ToStageId, m.FromStageId, m.LossReasonId, Hour = m.SecondsInFromStage / width })
            .Select(g => new
            {
                g.Key.ToStageId, g.Key.FromStageId, g.Key.LossReasonId, g.Key.Hour,
                Seconds = g.Sum(m => m.SecondsInFromStage) ?? 0,
                Entries = g.Sum(m => m.PreviousEntryAt == null || m.PreviousEntryAt < start ? 1 : 0),
                Entered = g.Sum(m => m.PreviousEntryAt == null || m.PreviousEntryAt < start ? m.AmountMinor : 0L),
                Firsts = g.Sum(m => m.PreviousChangeAt == null || m.PreviousChangeAt < start ? 1 : 0),
                Touched = g.Sum(m => m.PreviousChangeAt == null || m.PreviousChangeAt < start ? m.AmountMinor : 0L),
                Moves = g.Count(),
                Moved = g.Sum(m => m.AmountMinor),
            })
            .ToListAsync(ct);
        counts.Histogram = groups.Where(x => x.FromStageId != null && x.Hour != null)
            .Select(x => (x.FromStageId!.Value, x.Hour!.Value, x.Moves, x.Seconds)).ToList();
        return new FlowCells(
            groups.Select(x => (x.ToStageId, x.Entries, x.Entered)).ToList(),
            groups.Where(x => f.Kinds.GetValueOrDefault(x.ToStageId) == StageKind.Lost)
                .Select(x => (x.FromStageId, x.LossReasonId, x.Moves, x.Moved)).ToList(),
            (groups.Sum(x => x.Firsts), groups.Sum(x => x.Touched)));
    }

    private static async Task<List<(int Stage, long Bucket, int Count, long Sum)>> KeptStaysAsync(
        FunnelFrame f, FunnelView view, CancellationToken ct) =>
        (await f.Db.StayDays.Where(c => c.PipelineId == f.PipelineId && c.View == view && c.Day >= f.From && c.Day <= f.To)
            .GroupBy(c => new { c.StageId, c.Length })
            .Select(g => new { g.Key.StageId, g.Key.Length, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.Seconds) })
            .ToListAsync(ct)).Select(h => (h.StageId, (long)h.Length, h.Count, h.Sum)).ToList();

    private static async Task<List<(int Stage, long Bucket, int Count, long Sum)>> RowStaysAsync(FunnelCounts counts, CancellationToken ct)
    {
        var width = counts.Width;
        return (await Ended(counts).GroupBy(c => new { Stage = c.FromStageId!.Value, Bucket = c.SecondsInFromStage!.Value / width })
            .Select(g => new { g.Key.Stage, g.Key.Bucket, Count = g.Count(), Sum = g.Sum(c => c.SecondsInFromStage!.Value) })
            .ToListAsync(ct)).Select(h => (h.Stage, h.Bucket, h.Count, h.Sum)).ToList();
    }

    /// <summary>The stays that ended (moved on or closed): the ones time in stage is measured on.</summary>
    public static IQueryable<DealStageChange> Ended(FunnelCounts counts) =>
        counts.Stays.Where(c => c.SecondsInFromStage != null && c.FromStageId != null);
}
