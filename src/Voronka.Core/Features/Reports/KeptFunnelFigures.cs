using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reports;

/// <summary>What a <see cref="FlowDay"/> counts.</summary>
public enum FlowFigure
{
    /// <summary>Moves into <see cref="FlowDay.StageId"/>; <see cref="FlowDay.Since"/> is the day of the deal's previous entry into it.</summary>
    Entry,
    /// <summary>Every move (<see cref="FlowDay.StageId"/> 0); <see cref="FlowDay.Since"/> is the day of the deal's previous change.</summary>
    Move,
    /// <summary>Moves into a lost stage from <see cref="FlowDay.StageId"/>, by loss reason (<see cref="FlowDay.Other"/>).</summary>
    Loss,
}

/// <summary>Which funnel a <see cref="StayDay"/> belongs to.</summary>
public enum FunnelView
{
    /// <summary>Stays that ended on the day.</summary>
    Flow,
    /// <summary>Stays of the deals created on the day, whenever they ended.</summary>
    Cohort,
}

/// <summary>The stage moves of one organisation day of the deals of one pipeline, kept for the flow funnel
/// (<see cref="KeptFigures"/>). A period's first entries are the cells whose <see cref="Since"/> is before the period.</summary>
public class FlowDay
{
    public DateOnly Day { get; set; }
    /// <summary>The deal's pipeline.</summary>
    public int PipelineId { get; set; }
    public FlowFigure Figure { get; set; }
    /// <summary>The stage entered (<see cref="FlowFigure.Entry"/>) or left (<see cref="FlowFigure.Loss"/>); 0 otherwise.</summary>
    public int StageId { get; set; }
    /// <summary>The loss reason (<see cref="FlowFigure.Loss"/>); 0 for none.</summary>
    public int Other { get; set; }
    /// <summary>The day of the previous entry or change; <see cref="DateOnly.MinValue"/> for none.</summary>
    public DateOnly Since { get; set; }
    public int Count { get; set; }
    /// <summary>The sum of the deals' amounts.</summary>
    public long AmountMinor { get; set; }
}

/// <summary>Ended stays in one stage of the deals of one pipeline, per organisation day and whole days of length:
/// counts and sums for the average, and the histogram the median is found in (<see cref="BucketMedian"/>).</summary>
public class StayDay
{
    /// <summary>The day the stay ended (flow) or the deal was created (cohort).</summary>
    public DateOnly Day { get; set; }
    public FunnelView View { get; set; }
    public int PipelineId { get; set; }
    /// <summary>The stage the deal stayed in.</summary>
    public int StageId { get; set; }
    /// <summary>The stay's length in whole days.</summary>
    public int Length { get; set; }
    public int Count { get; set; }
    public long Seconds { get; set; }
}

/// <summary>The deals created on one organisation day in one pipeline by how far they got, kept for the cohort funnel.</summary>
public class CohortDay
{
    public DateOnly Day { get; set; }
    public int PipelineId { get; set; }
    /// <summary>The kind of the stage the deals stand in now.</summary>
    public StageKind Kind { get; set; }
    /// <summary>The furthest open stage's position (<see cref="Deal.FurthestPosition"/>); -1 for none.</summary>
    public int Furthest { get; set; }
    /// <summary>The loss reason; 0 for none.</summary>
    public int ReasonId { get; set; }
    public int Count { get; set; }
    public long AmountMinor { get; set; }
}

internal sealed class FlowDayConfiguration : IEntityTypeConfiguration<FlowDay>
{
    public void Configure(EntityTypeBuilder<FlowDay> b)
    {
        b.HasKey(x => new { x.PipelineId, x.Day, x.Figure, x.StageId, x.Other, x.Since });
        // A day is recounted for all pipelines at once.
        b.HasIndex(x => x.Day);
    }
}

internal sealed class StayDayConfiguration : IEntityTypeConfiguration<StayDay>
{
    public void Configure(EntityTypeBuilder<StayDay> b)
    {
        b.HasKey(x => new { x.PipelineId, x.View, x.Day, x.StageId, x.Length });
        b.HasIndex(x => x.Day);
    }
}

internal sealed class CohortDayConfiguration : IEntityTypeConfiguration<CohortDay>
{
    public void Configure(EntityTypeBuilder<CohortDay> b)
    {
        b.HasKey(x => new { x.PipelineId, x.Day, x.Kind, x.Furthest, x.ReasonId });
        b.HasIndex(x => x.Day);
    }
}

internal static partial class KeptFigures
{
    private const long DaySeconds = 86400;

    /// <summary>The flow funnel's cells of one organisation day again, from the stage changes of that day.</summary>
    private static async Task FlowDayAsync(VoronkaDbContext db, DateOnly day, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        var (start, end) = Bounds(day, zone);
        await db.FlowDays.Where(c => c.Day == day).ExecuteDeleteAsync(ct);
        await db.StayDays.Where(c => c.Day == day && c.View == FunnelView.Flow).ExecuteDeleteAsync(ct);
        var moves = await db.DealStageChanges.Where(c => c.ChangedAt >= start && c.ChangedAt < end)
            .Join(db.Deals, c => c.DealId, d => d.Id, (c, d) => new { c, d })
            .Join(db.Stages, x => x.c.ToStageId, s => s.Id, (x, s) => new
            {
                x.d.PipelineId, x.c.ToStageId, x.c.FromStageId, x.c.PreviousEntryAt, x.c.PreviousChangeAt, x.c.SecondsInFromStage,
                x.d.AmountMinor, x.d.LossReasonId, Lost = s.Kind == StageKind.Lost && s.PipelineId == x.d.PipelineId,
            })
            .ToListAsync(ct);
        var flow = new Dictionary<(int Pipeline, FlowFigure Figure, int Stage, int Other, DateOnly Since), (int Count, long Amount)>();
        var stays = new Dictionary<(int Pipeline, int Stage, int Length), (int Count, long Seconds)>();
        foreach (var m in moves)
        {
            Add(flow, (m.PipelineId, FlowFigure.Entry, m.ToStageId, 0, Since(m.PreviousEntryAt, zone)), m.AmountMinor);
            Add(flow, (m.PipelineId, FlowFigure.Move, 0, 0, Since(m.PreviousChangeAt, zone)), m.AmountMinor);
            if (m.Lost && m.FromStageId is int left) Add(flow, (m.PipelineId, FlowFigure.Loss, left, m.LossReasonId ?? 0, DateOnly.MinValue), m.AmountMinor);
            if (m.FromStageId is int from && m.SecondsInFromStage is long s) Add(stays, (m.PipelineId, from, (int)(s / DaySeconds)), s);
        }
        await AddAsync(db, flow.Select(c => new FlowDay
        {
            Day = day, PipelineId = c.Key.Pipeline, Figure = c.Key.Figure, StageId = c.Key.Stage, Other = c.Key.Other, Since = c.Key.Since,
            Count = c.Value.Count, AmountMinor = c.Value.Amount,
        }).ToList(), save);
        await AddAsync(db, stays.Select(c => new StayDay
        {
            Day = day, View = FunnelView.Flow, PipelineId = c.Key.Pipeline, StageId = c.Key.Stage, Length = c.Key.Length, Count = c.Value.Count, Seconds = c.Value.Seconds,
        }).ToList(), save);
    }

    /// <summary>The cohort funnel's cells of one organisation day again, from the deals created that day and their history.</summary>
    private static async Task CohortDayAsync(VoronkaDbContext db, DateOnly day, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        var (start, end) = Bounds(day, zone);
        await db.CohortDays.Where(c => c.Day == day).ExecuteDeleteAsync(ct);
        await db.StayDays.Where(c => c.Day == day && c.View == FunnelView.Cohort).ExecuteDeleteAsync(ct);
        var created = db.Deals.Where(d => d.CreatedAt >= start && d.CreatedAt < end);
        var deals = await created.Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new { d.PipelineId, s.Kind, d.FurthestPosition, d.LossReasonId, d.AmountMinor })
            .GroupBy(x => new { x.PipelineId, x.Kind, x.FurthestPosition, x.LossReasonId })
            .Select(g => new { g.Key.PipelineId, g.Key.Kind, g.Key.FurthestPosition, g.Key.LossReasonId, Count = g.Count(), Sum = g.Sum(x => x.AmountMinor) })
            .ToListAsync(ct);
        await AddAsync(db, deals.Select(c => new CohortDay
        {
            Day = day, PipelineId = c.PipelineId, Kind = c.Kind, Furthest = c.FurthestPosition ?? -1, ReasonId = c.LossReasonId ?? 0, Count = c.Count, AmountMinor = c.Sum,
        }).ToList(), save);
        var stays = await created.Join(db.DealStageChanges, d => d.Id, c => c.DealId, (d, c) => new { d.PipelineId, c.FromStageId, c.SecondsInFromStage })
            .Where(x => x.FromStageId != null && x.SecondsInFromStage != null)
            .GroupBy(x => new { x.PipelineId, Stage = x.FromStageId!.Value, Length = x.SecondsInFromStage!.Value / DaySeconds })
            .Select(g => new { g.Key.PipelineId, g.Key.Stage, g.Key.Length, Count = g.Count(), Seconds = g.Sum(x => x.SecondsInFromStage!.Value) })
            .ToListAsync(ct);
        await AddAsync(db, stays.Select(c => new StayDay
        {
            Day = day, View = FunnelView.Cohort, PipelineId = c.PipelineId, StageId = c.Stage, Length = (int)c.Length, Count = c.Count, Seconds = c.Seconds,
        }).ToList(), save);
    }

    /// <summary>The funnel's cells of every day again.</summary>
    private static async Task RebuildFunnelAsync(VoronkaDbContext db, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        await db.FlowDays.ExecuteDeleteAsync(ct);
        await db.StayDays.ExecuteDeleteAsync(ct);
        await db.CohortDays.ExecuteDeleteAsync(ct);
        var changes = await db.DealStageChanges.GroupBy(_ => 1).Select(g => new { First = g.Min(c => c.ChangedAt), Last = g.Max(c => c.ChangedAt) }).FirstOrDefaultAsync(ct);
        if (changes is not null)
            for (var day = Day(changes.First, zone); day <= Day(changes.Last, zone); day = day.AddDays(1))
                await FlowDayAsync(db, day, zone, save, ct);
        var deals = await db.Deals.GroupBy(_ => 1).Select(g => new { First = g.Min(d => d.CreatedAt), Last = g.Max(d => d.CreatedAt) }).FirstOrDefaultAsync(ct);
        if (deals is not null)
            for (var day = Day(deals.First, zone); day <= Day(deals.Last, zone); day = day.AddDays(1))
                await CohortDayAsync(db, day, zone, save, ct);
    }

    /// <summary>The days of the stage changes of deals whose changes count differently now (their amount, reason,
    /// pipeline or deletion changed), read before the save so that a deal deleted outright is known too.</summary>
    public static async Task PrepareAsync(VoronkaDbContext db, Touched t, CancellationToken ct)
    {
        if (t.FunnelDeals.Count == 0) return;
        var ids = t.FunnelDeals.ToArray();
        foreach (var at in await db.DealStageChanges.Where(c => ids.Contains(c.DealId)).Select(c => c.ChangedAt).Distinct().ToListAsync(ct))
            t.FlowAt.Add(at);
    }

    private static DateOnly Since(DateTime? at, TimeZoneInfo zone) => at is DateTime v ? Day(v, zone) : DateOnly.MinValue;

    private static void Add<TKey>(Dictionary<TKey, (int Count, long Sum)> cells, TKey key, long value) where TKey : notnull
    {
        var (count, sum) = cells.GetValueOrDefault(key);
        cells[key] = (count + 1, sum + value);
    }
}
