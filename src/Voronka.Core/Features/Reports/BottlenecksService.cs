using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

public sealed record BottleneckQuery : ReportQuery;

public sealed record WeakStageResponse(int OwnerId, string Owner, int StageId, string Stage, int Advanced, int Decided, decimal Rate, decimal RestRate,
    int RestDecided, double PValue, decimal ExtraLost, decimal AtStake);

public sealed record SlowStageResponse(int OwnerId, string Owner, int StageId, string Stage, int Stays, decimal MeanDays, decimal RestMeanDays, int RestStays, double PValue);

public sealed record GrownStageResponse(int StageId, string Stage, int Stays, decimal MeanDays, int PreviousStays, decimal PreviousMeanDays, double PValue,
    DateOnly From, DateOnly PreviousFrom);

/// <summary>Where deals are lost, ranked by the revenue at stake; where they wait too long; which stages got slower.</summary>
public sealed record BottleneckReport(DateOnly From, DateOnly To, int PipelineId, string Pipeline,
    IReadOnlyList<WeakStageResponse> Weak, IReadOnlyList<SlowStageResponse> Slow, IReadOnlyList<GrownStageResponse> Grown);

/// <summary>
/// The bottleneck finder over the deals of a period and cuts (docs/adr/0010-bottlenecks.md): the evidence is grouped
/// in the database per person and stage, the tests run in <see cref="BottleneckFinder"/>.
/// </summary>
public sealed class BottlenecksService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How far back the "has the stage got slower" comparison looks: this many days against the same before.</summary>
    public const int GrowthWindowDays = 90;

    public async Task<BottleneckReport> FindAsync(Actor actor, BottleneckQuery q, CancellationToken ct = default)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("The bottleneck finder compares people: it is for the director and seniors.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var (from, to) = CalendarService.CheckRange(q.From ?? today.AddYears(-1).AddDays(1), q.To ?? today);
        var (s, e) = OrgTime.Range(from, to, zone);
        var (start, end) = (s!.Value, e!.Value);
        var (pipelineId, pipelineName, stages) = await PlanGroup.PipelineAsync(db, q.PipelineId, ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deals = ReportFilter.Apply(db, scope, q with { PipelineId = pipelineId });
        var openStages = db.Stages.Where(x => x.PipelineId == pipelineId && x.Kind == StageKind.Open);
        var openIds = stages.Select(x => x.Id).ToArray();
        var index = stages.Select((x, i) => (x.Id, i)).ToDictionary(x => x.Id, x => x.i);

        // How far each deal of the cohort got, per owner.
        var progress = await deals.Where(d => d.CreatedAt >= start && d.CreatedAt < end)
            .Select(d => new
            {
                d.OwnerId,
                Max = db.DealStageChanges.Where(c => c.DealId == d.Id).Join(openStages, c => c.ToStageId, x => x.Id, (c, x) => (int?)x.Position).Max(),
                Outcome = db.Stages.Where(x => x.Id == d.StageId).Select(x => x.Kind).First(),
            })
            .GroupBy(x => new { x.OwnerId, x.Max, x.Outcome })
            .Select(g => new { g.Key.OwnerId, g.Key.Max, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);
        var counts = new List<StageCount>();
        foreach (var owner in progress.GroupBy(p => p.OwnerId))
        {
            var ev = FunnelEvidence.From(stages, owner.Select(p => new ProgressRow(p.Max, p.Outcome, p.Count)), [], 0, 0);
            for (var i = 0; i < stages.Count; i++) counts.Add(new StageCount(owner.Key, i, ev.Advanced[i], ev.Decided[i]));
        }
        var won = progress.Where(p => p.Outcome == StageKind.Won).Sum(p => p.Count);
        var winAfter = Enumerable.Range(0, stages.Count).Select(i => counts.Where(c => c.Stage == i).Sum(c => c.Advanced) is var a && a > 0 ? won / (double)a : 0).ToList();
        var averageWon = await deals.WonBetween(db, start, end).AverageMinorAsync(ct);

        // Finished stays per owner and stage in the period.
        var stays = db.DealStageChanges.Where(c => c.FromStageId != null && openIds.Contains(c.FromStageId.Value) && c.SecondsInFromStage != null)
            .Join(deals, c => c.DealId, d => d.Id, (c, d) => new { c.FromStageId, c.ChangedAt, c.SecondsInFromStage, d.OwnerId });
        var times = (await stays.Where(x => x.ChangedAt >= start && x.ChangedAt < end)
                .GroupBy(x => new { x.OwnerId, Stage = x.FromStageId!.Value })
                .Select(g => new
                {
                    g.Key.OwnerId, g.Key.Stage, Count = g.Count(),
                    Sum = g.Sum(x => (double)x.SecondsInFromStage!.Value), Squares = g.Sum(x => (double)x.SecondsInFromStage!.Value * (double)x.SecondsInFromStage!.Value),
                })
                .ToListAsync(ct))
            .Select(x => new StageTime(x.OwnerId, index[x.Stage], x.Count, x.Sum / Day, x.Squares / (Day * Day))).ToList();

        // The same stage, the last window against the one before it.
        var recentFrom = to.AddDays(-GrowthWindowDays + 1);
        var previousFrom = recentFrom.AddDays(-GrowthWindowDays);
        async Task<List<StageTime>> WindowAsync(DateOnly f, DateOnly t)
        {
            var (ws, we) = OrgTime.Range(f, t, zone);
            return (await stays.Where(x => x.ChangedAt >= ws && x.ChangedAt < we)
                    .GroupBy(x => x.FromStageId!.Value)
                    .Select(g => new { Stage = g.Key, Count = g.Count(), Sum = g.Sum(x => (double)x.SecondsInFromStage!.Value),
                        Squares = g.Sum(x => (double)x.SecondsInFromStage!.Value * (double)x.SecondsInFromStage!.Value) })
                    .ToListAsync(ct))
                .Select(x => new StageTime(0, index[x.Stage], x.Count, x.Sum / Day, x.Squares / (Day * Day))).ToList();
        }
        var recent = await WindowAsync(recentFrom, to);
        var before = await WindowAsync(previousFrom, recentFrom.AddDays(-1));

        var ownerIds = counts.Select(c => c.OwnerId).Concat(times.Select(t => t.OwnerId)).Distinct().ToList();
        var names = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        static decimal R(double x, int digits = 4) => (decimal)Math.Round(x, digits);
        return new BottleneckReport(from, to, pipelineId, pipelineName,
            BottleneckFinder.WeakStages(counts, winAfter, averageWon)
                .Select(w => new WeakStageResponse(w.OwnerId, names.GetValueOrDefault(w.OwnerId, ""), stages[w.Stage].Id, stages[w.Stage].Name, w.Advanced, w.Decided,
                    R(w.Rate), R(w.RestRate), w.RestDecided, w.PValue, R(w.ExtraLost, 1), Money.FromMinor(w.AtStakeMinor))).ToList(),
            BottleneckFinder.SlowStages(times)
                .Select(x => new SlowStageResponse(x.OwnerId, names.GetValueOrDefault(x.OwnerId, ""), stages[x.Stage].Id, stages[x.Stage].Name, x.Count,
                    R(x.MeanDays, 1), R(x.RestMeanDays, 1), x.RestCount, x.PValue)).ToList(),
            BottleneckFinder.GrownStages(recent, before)
                .Select(x => new GrownStageResponse(stages[x.Stage].Id, stages[x.Stage].Name, x.Count, R(x.MeanDays, 1), x.PreviousCount, R(x.PreviousMeanDays, 1), x.PValue,
                    recentFrom, previousFrom)).ToList());
    }

    private const double Day = 86400d;
}
