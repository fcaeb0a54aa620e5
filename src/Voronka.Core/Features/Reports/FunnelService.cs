using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Deals;
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
    public Task<FunnelReport> FunnelAsync(Actor actor, FunnelQuery q, CancellationToken ct = default) =>
        FunnelAsync(actor, q, FunnelSource.Auto, ct);

    /// <summary>The funnel read from a chosen source; <see cref="FunnelSource.Kept"/> answers only the whole company's
    /// funnel of a pipeline (a cut or a narrower scope always reads the rows).</summary>
    public async Task<FunnelReport> FunnelAsync(Actor actor, FunnelQuery q, FunnelSource source, CancellationToken ct = default)
    {
        var view = (q.View ?? "cohort").Trim().ToLowerInvariant();
        if (view is not ("cohort" or "flow")) throw ValidationFailedException.For("view", "must be cohort or flow.");
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        var (from, to) = CalendarService.CheckRange(q.From, q.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (startN, endN) = OrgTime.Range(from, to, zone);
        var (pipelineId, pipelineName, stages) = await PlanGroup.PipelineAsync(db, q.PipelineId, ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var kinds = await db.Stages.Where(s => s.PipelineId == pipelineId).ToDictionaryAsync(s => s.Id, s => s.Kind, ct);
        var frame = new FunnelFrame(db, pipelineId, stages, kinds, ReportFilter.Apply(db, scope, q with { PipelineId = pipelineId }),
            from, to, startN!.Value, endN!.Value);
        var kept = source != FunnelSource.Rows && ReportFilter.IsWholeCompany(scope, q);
        var counts = view == "cohort" ? await FunnelReaders.CohortAsync(frame, kept, ct) : await FunnelReaders.FlowAsync(frame, kept, ct);
        var reasons = await db.LossReasons.ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var rows = await StageRowsAsync(frame, counts, reasons, id => StageListUrl(view, q, pipelineId, id, from, to), ct);
        return new FunnelReport(view, from, to, pipelineId, pipelineName, counts.Total.Deals, Money.FromMinor(counts.Total.Amount), rows,
            Outcome(counts.Won), Outcome(counts.LostTotal), Outcome(counts.Open));
    }

    private static FunnelOutcome Outcome((int Deals, long Amount) x) => new(x.Deals, Money.FromMinor(x.Amount));

    /// <summary>The report's rows from the counts: conversions, losses and their reasons, and the time in stage — counts
    /// and sums from the histogram, then the values of the buckets the medians fall in (BucketMedian), all in one
    /// statement.</summary>
    private static async Task<List<FunnelStageRow>> StageRowsAsync(
        FunnelFrame f, FunnelCounts counts, IReadOnlyDictionary<int, string> reasons, Func<int, string> listUrl,
        CancellationToken ct)
    {
        var width = counts.Width;
        // Only the report's stages: a flow's stays may also leave stages of another pipeline.
        var middles = counts.Histogram.Where(h => f.IndexOfStage(h.Stage) >= 0).GroupBy(h => h.Stage)
            .ToDictionary(g => g.Key, g => BucketMedian.Locate(g.Select(h => (h.Bucket, (long)h.Count))));
        var ranges = middles.SelectMany(m => m.Value.Select(l => (Stage: m.Key, l.Bucket))).Distinct().ToList();
        var middleValues = ranges.Count == 0 ? [] : (await FunnelReaders.Ended(counts)
            .Where(Predicates.AnyOf(ranges.Select(r =>
            {
                var (stage, lo, hi) = (r.Stage, r.Bucket * width, (r.Bucket + 1) * width);
                return (System.Linq.Expressions.Expression<Func<DealStageChange, bool>>)(c =>
                    c.FromStageId == stage && c.SecondsInFromStage >= lo && c.SecondsInFromStage < hi);
            })))
            .Select(c => new { Stage = c.FromStageId!.Value, Seconds = c.SecondsInFromStage!.Value }).ToListAsync(ct))
            .Select(v => (v.Stage, v.Seconds)).ToList();
        var rows = new List<FunnelStageRow>();
        for (var i = 0; i < f.Stages.Count; i++)
        {
            var s = f.Stages[i];
            var own = counts.Histogram.Where(h => h.Stage == s.Id).ToList();
            var count = own.Sum(h => h.Count);
            decimal? average = null, median = null;
            if (count > 0)
            {
                average = Days(own.Sum(h => h.Sum) / (double)count);
                median = Days(BucketMedian.Median(middles[s.Id],
                    b => middleValues.Where(v => v.Stage == s.Id && v.Seconds / width == b).Select(v => v.Seconds)));
            }
            var reached = counts.Reached[i];
            var next = i + 1 < f.Stages.Count ? counts.Reached[i + 1] : counts.Won.Deals;
            var lossReasons = counts.LossReasons.Where(r => r.Stage == i).GroupBy(r => r.Reason)
                .Select(g => new LossReasonCount(g.Key, g.Key is int id ? reasons.GetValueOrDefault(id, "") : "", g.Sum(x => x.Deals)))
                .OrderByDescending(r => r.Deals).ThenBy(r => r.Reason, StringComparer.Ordinal).ThenBy(r => r.ReasonId).ToList();
            rows.Add(new FunnelStageRow(s.Id, s.Name, s.Position, reached, Money.FromMinor(counts.Amounts[i]),
                reached == 0 ? null : Share(next, reached), reached == 0 ? null : Share(counts.Won.Deals, reached),
                average, median, count, counts.Lost[i], Money.FromMinor(counts.LostAmounts[i]), lossReasons, listUrl(s.Id)));
        }
        return rows;
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

    private static decimal Share(int part, int whole) => decimal.Round(part / (decimal)whole, 4, MidpointRounding.AwayFromZero);

    private static decimal Days(double seconds) => decimal.Round((decimal)(seconds / 86400d), 2, MidpointRounding.AwayFromZero);
}
