using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

public sealed record FunnelQuery : ReportQuery
{
    /// <summary>cohort (deals created in the period and how far they got) or flow (stage entries during the period).</summary>
    public string? View { get; init; }
}

public sealed record LossReasonCount(int? ReasonId, string Reason, int Deals);

/// <summary>One stage of the funnel. <see cref="ToNext"/> and <see cref="ToWon"/> are shares 0..1 (null when no deal
/// reached the stage); times are in days, of the stays in the stage that ended (moved on or closed).</summary>
public sealed record FunnelStageRow(
    int StageId, string Stage, int Position, int Deals, decimal Amount, decimal? ToNext, decimal? ToWon,
    decimal? AverageDays, decimal? MedianDays, int Stays, int Lost, decimal LostAmount, IReadOnlyList<LossReasonCount> LossReasons,
    string ListUrl);

public sealed record FunnelOutcome(int Deals, decimal Amount);

public sealed record FunnelReport(
    string View, DateOnly From, DateOnly To, int PipelineId, string Pipeline, int Deals, decimal Amount,
    IReadOnlyList<FunnelStageRow> Stages, FunnelOutcome Won, FunnelOutcome Lost, FunnelOutcome Open);

/// <summary>
/// The funnel of a period by any cut, aggregated in the database. Cohort: the deals created in the period, how far
/// each got (the furthest open stage in its history, or won) and where the lost ones stopped. Flow: what entered each
/// stage during the period, what was won and lost in it and from which stage.
/// </summary>
public sealed class FunnelService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<FunnelReport> FunnelAsync(Actor actor, FunnelQuery q, CancellationToken ct = default)
    {
        var view = (q.View ?? "cohort").Trim().ToLowerInvariant();
        if (view is not ("cohort" or "flow")) throw ValidationFailedException.For("view", "must be cohort or flow.");
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        var (from, to) = CalendarService.CheckRange(q.From, q.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (startN, endN) = OrgTime.Range(from, to, zone);
        var (start, end) = (startN!.Value, endN!.Value);
        var (pipelineId, pipelineName, stages) = await PlanGroup.PipelineAsync(db, q.PipelineId, ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deals = ReportFilter.Apply(db, scope, q with { PipelineId = pipelineId });
        var stageKinds = await db.Stages.Where(s => s.PipelineId == pipelineId).Select(s => new { s.Id, s.Kind, s.Position }).ToListAsync(ct);
        var reasons = await db.LossReasons.ToDictionaryAsync(r => r.Id, r => r.Name, ct);

        // The whole company's funnel of a pipeline reads the cells kept per day (KeptFigures); a cut or a narrower
        // scope reads the rows of its deals. Histograms of stays are by whole days in the cells, by hours from the rows.
        var kept = ReportFilter.IsWholeCompany(scope, q);
        var width = kept ? 86400L : 3600L;
        int[] reached = new int[stages.Count];
        long[] amounts = new long[stages.Count];
        int[] lost = new int[stages.Count];
        long[] lostAmounts = new long[stages.Count];
        var lostReasons = new List<(int Stage, int? Reason, int Deals)>();
        int totalDeals;
        long totalAmount;
        (int Deals, long Amount) won, lostTotal, open;
        IQueryable<DealStageChange> stays;
        List<(int Stage, long Bucket, int Count, long Sum)>? histogram = null;

        if (view == "cohort")
        {
            var cohort = deals.Where(d => d.CreatedAt >= start && d.CreatedAt < end);
            var rows = kept
                ? (await db.CohortDays.Where(c => c.PipelineId == pipelineId && c.Day >= from && c.Day <= to)
                    .GroupBy(c => new { c.Furthest, c.Kind, c.ReasonId })
                    .Select(g => new { g.Key.Furthest, g.Key.Kind, g.Key.ReasonId, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.AmountMinor) })
                    .ToListAsync(ct))
                    .Select(r => (Max: r.Furthest < 0 ? (int?)null : r.Furthest, r.Kind, LossReasonId: r.ReasonId == 0 ? (int?)null : r.ReasonId, r.Count, r.Sum)).ToList()
                : (await cohort
                    .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new
                    {
                        // The furthest open stage of the pipeline each deal entered, kept from its history (KeptFigures).
                        Max = d.FurthestPosition,
                        s.Kind,
                        d.LossReasonId,
                        d.AmountMinor,
                    })
                    .GroupBy(x => new { x.Max, x.Kind, x.LossReasonId })
                    .Select(g => new { g.Key.Max, g.Key.Kind, g.Key.LossReasonId, Count = g.Count(), Sum = g.Sum(x => x.AmountMinor) })
                    .ToListAsync(ct))
                    .Select(r => (r.Max, r.Kind, r.LossReasonId, r.Count, r.Sum)).ToList();
            foreach (var r in rows)
            {
                for (var i = 0; i < stages.Count; i++)
                    if (r.Kind == StageKind.Won || (r.Max is int m && m >= stages[i].Position)) { reached[i] += r.Count; amounts[i] += r.Sum; }
                // A lost deal stopped at the furthest open stage it reached.
                if (r.Kind == StageKind.Lost && r.Max is int at && IndexOf(stages, at) is var k and >= 0)
                {
                    lost[k] += r.Count;
                    lostAmounts[k] += r.Sum;
                    lostReasons.Add((k, r.LossReasonId, r.Count));
                }
            }
            totalDeals = rows.Sum(r => r.Count);
            totalAmount = rows.Sum(r => r.Sum);
            won = (rows.Where(r => r.Kind == StageKind.Won).Sum(r => r.Count), rows.Where(r => r.Kind == StageKind.Won).Sum(r => r.Sum));
            lostTotal = (rows.Where(r => r.Kind == StageKind.Lost).Sum(r => r.Count), rows.Where(r => r.Kind == StageKind.Lost).Sum(r => r.Sum));
            open = (rows.Where(r => r.Kind == StageKind.Open).Sum(r => r.Count), rows.Where(r => r.Kind == StageKind.Open).Sum(r => r.Sum));
            // A join, not EXISTS: the database walks the cohort and reads each deal's history by its index. A deal's
            // history begins when it is created, so its changes are no older than the period: said outright, it lets
            // the medians' values be found through the index of stays without reading every stay of that length.
            stays = cohort.Join(db.DealStageChanges.Where(c => c.ChangedAt >= start), d => d.Id, c => c.DealId, (d, c) => c);
        }
        else
        {
            // Each deal counts once per stage it entered in the period (its previous entry into the stage came before
            // the period) and once among the deals touched (its previous change came before); moves into a lost stage
            // count by the stage left and the deal's reason.
            List<(int Stage, int Deals, long Amount)> entries;
            List<(int? From, int? Reason, int Deals, long Amount)> losses;
            (int Deals, long Amount) touched;
            if (kept)
            {
                var cells = await db.FlowDays.Where(c => c.PipelineId == pipelineId && c.Day >= from && c.Day <= to)
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
                entries = cells.Where(c => c.Figure == FlowFigure.Entry).Select(c => (c.StageId, c.Firsts, c.FirstAmount)).ToList();
                losses = cells.Where(c => c.Figure == FlowFigure.Loss).Select(c => ((int?)c.StageId, c.Other == 0 ? (int?)null : c.Other, c.Count, c.Amount)).ToList();
                touched = (cells.Where(c => c.Figure == FlowFigure.Move).Sum(c => c.Firsts), cells.Where(c => c.Figure == FlowFigure.Move).Sum(c => c.FirstAmount));
            }
            else
            {
                var moves = db.DealStageChanges.Where(c => c.ChangedAt >= start && c.ChangedAt < end)
                    .Join(deals, c => c.DealId, d => d.Id, (c, d) => new { c.FromStageId, c.ToStageId, c.PreviousEntryAt, c.PreviousChangeAt, c.SecondsInFromStage, d.AmountMinor, d.LossReasonId });
                // One reading of the period's moves, without DISTINCT (the previous entry and change are kept on each
                // row); the hour of the stay each move ended gives the histogram of time in stage from the same reading.
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
                var lostStages = stageKinds.Where(s => s.Kind == StageKind.Lost).Select(s => s.Id).ToHashSet();
                entries = groups.Select(x => (x.ToStageId, x.Entries, x.Entered)).ToList();
                losses = groups.Where(x => lostStages.Contains(x.ToStageId)).Select(x => (x.FromStageId, x.LossReasonId, x.Moves, x.Moved)).ToList();
                touched = (groups.Sum(x => x.Firsts), groups.Sum(x => x.Touched));
                histogram = groups.Where(x => x.FromStageId != null && x.Hour != null)
                    .Select(x => (x.FromStageId!.Value, x.Hour!.Value, x.Moves, x.Seconds)).ToList();
            }
            for (var i = 0; i < stages.Count; i++)
            {
                var stageId = stages[i].Id;
                reached[i] = entries.Where(x => x.Stage == stageId).Sum(x => x.Deals);
                amounts[i] = entries.Where(x => x.Stage == stageId).Sum(x => x.Amount);
            }
            (int, long) Entered(StageKind k)
            {
                var ids = stageKinds.Where(s => s.Kind == k).Select(s => s.Id).ToHashSet();
                var xs = entries.Where(x => ids.Contains(x.Stage)).ToList();
                return (xs.Sum(x => x.Deals), xs.Sum(x => x.Amount));
            }
            won = Entered(StageKind.Won);
            lostTotal = Entered(StageKind.Lost);
            foreach (var m in losses)
                if (IndexOf(stages, stageKinds.FirstOrDefault(s => s.Id == m.From)?.Position ?? -1) is var k and >= 0)
                {
                    lost[k] += m.Deals;
                    lostAmounts[k] += m.Amount;
                    lostReasons.Add((k, m.Reason, m.Deals));
                }
            (totalDeals, totalAmount) = touched;
            open = (0, 0);
            stays = db.DealStageChanges.Where(c => c.ChangedAt >= start && c.ChangedAt < end).Join(deals, c => c.DealId, d => d.Id, (c, d) => c);
        }

        // Time in stage: counts, sums and a histogram of every stage in one reading (the flow over the rows has it from
        // its reading of the moves), then the values of the buckets the medians fall in (BucketMedian).
        var ended = stays.Where(c => c.SecondsInFromStage != null && c.FromStageId != null);
        if (kept)
        {
            var kind = view == "cohort" ? FunnelView.Cohort : FunnelView.Flow;
            histogram = (await db.StayDays.Where(c => c.PipelineId == pipelineId && c.View == kind && c.Day >= from && c.Day <= to)
                .GroupBy(c => new { c.StageId, c.Length })
                .Select(g => new { g.Key.StageId, g.Key.Length, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.Seconds) })
                .ToListAsync(ct)).Select(h => (h.StageId, (long)h.Length, h.Count, h.Sum)).ToList();
        }
        histogram ??= (await ended.GroupBy(c => new { Stage = c.FromStageId!.Value, Bucket = c.SecondsInFromStage!.Value / width })
            .Select(g => new { g.Key.Stage, g.Key.Bucket, Count = g.Count(), Sum = g.Sum(c => c.SecondsInFromStage!.Value) })
            .ToListAsync(ct)).Select(h => (h.Stage, h.Bucket, h.Count, h.Sum)).ToList();
        // Only the report's stages: a flow's stays may also leave stages of another pipeline.
        var middles = histogram.Where(h => stages.Any(s => s.Id == h.Stage)).GroupBy(h => h.Stage)
            .ToDictionary(g => g.Key, g => BucketMedian.Locate(g.Select(h => (h.Bucket, (long)h.Count))));
        // The values of each middle bucket, a narrow range of one stage's stay lengths found by their index, all in one statement.
        var ranges = middles.SelectMany(m => m.Value.Select(l => (Stage: m.Key, l.Bucket))).Distinct().ToList();
        var middleValues = ranges.Count == 0 ? [] : (await ended
            .Where(Predicates.AnyOf(ranges.Select(r =>
            {
                var (stage, lo, hi) = (r.Stage, r.Bucket * width, (r.Bucket + 1) * width);
                return (System.Linq.Expressions.Expression<Func<DealStageChange, bool>>)(c => c.FromStageId == stage && c.SecondsInFromStage >= lo && c.SecondsInFromStage < hi);
            })))
            .Select(c => new { Stage = c.FromStageId!.Value, Seconds = c.SecondsInFromStage!.Value }).ToListAsync(ct))
            .Select(v => (v.Stage, v.Seconds)).ToList();
        var rowsOut = new List<FunnelStageRow>();
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            var stageId = s.Id;
            var own = histogram.Where(h => h.Stage == stageId).ToList();
            var count = own.Sum(h => h.Count);
            decimal? average = null, median = null;
            if (count > 0)
            {
                average = Days(own.Sum(h => h.Sum) / (double)count);
                median = Days(BucketMedian.Median(middles[stageId],
                    b => middleValues.Where(v => v.Stage == stageId && v.Seconds / width == b).Select(v => v.Seconds)));
            }
            var next = i + 1 < stages.Count ? reached[i + 1] : won.Deals;
            rowsOut.Add(new FunnelStageRow(s.Id, s.Name, s.Position, reached[i], Money.FromMinor(amounts[i]),
                reached[i] == 0 ? null : Share(next, reached[i]), reached[i] == 0 ? null : Share(won.Deals, reached[i]),
                average, median, count, lost[i], Money.FromMinor(lostAmounts[i]),
                lostReasons.Where(r => r.Stage == i).GroupBy(r => r.Reason).Select(g => new LossReasonCount(g.Key, g.Key is int id ? reasons.GetValueOrDefault(id, "") : "", g.Sum(x => x.Deals)))
                    .OrderByDescending(r => r.Deals).ToList(),
                StageListUrl(view, q, pipelineId, s.Id, from, to)));
        }
        return new FunnelReport(view, from, to, pipelineId, pipelineName, totalDeals, Money.FromMinor(totalAmount), rowsOut,
            new FunnelOutcome(won.Deals, Money.FromMinor(won.Amount)), new FunnelOutcome(lostTotal.Deals, Money.FromMinor(lostTotal.Amount)),
            new FunnelOutcome(open.Deals, Money.FromMinor(open.Amount)));
    }

    /// <summary>The deals a stage's count is made of: in the cohort those created in the period that reached the stage,
    /// in the flow those that entered it in the period; with the report's cuts.</summary>
    private static string StageListUrl(string view, ReportQuery q, int pipelineId, int stageId, DateOnly from, DateOnly to)
    {
        (string, object?)[] cuts = [("pipelineId", pipelineId), ("ownerId", q.OwnerId), ("teamId", q.TeamId), ("productId", q.ProductId),
            ("regionId", q.RegionId), ("companyId", q.CompanyId), ("source", Text.Clean(q.Source))];
        return view == "flow"
            ? ListUrls.Of("deals", [("enteredStageId", stageId), ("enteredFrom", from), ("enteredTo", to), .. cuts])
            : ListUrls.Of("deals", [("reachedStageId", stageId), ("createdFrom", from), ("createdTo", to), .. cuts]);
    }

    private static int IndexOf(IReadOnlyList<PlanStage> stages, int position)
    {
        for (var i = 0; i < stages.Count; i++) if (stages[i].Position == position) return i;
        return -1;
    }

    private static decimal Share(int part, int whole) => decimal.Round(part / (decimal)whole, 4, MidpointRounding.AwayFromZero);

    private static decimal Days(double seconds) => decimal.Round((decimal)(seconds / 86400d), 2, MidpointRounding.AwayFromZero);
}
