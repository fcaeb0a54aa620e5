using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
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

    /// <summary>What some deals add to the funnel's cells: the flow cells of their stage changes, the stays those
    /// changes ended (counted on the change's day for the flow and on the deal's creation day for the cohort), and
    /// the cohort cell of each deal. One definition for the whole rebuild and for the share of the deals a save touches.
    /// </summary>
    internal sealed class FunnelShares
    {
        public Dictionary<(int Pipeline, DateOnly Day, FlowFigure Figure, int Stage, int Other, DateOnly Since), (int Count, long Sum)> Flow
        { get; } = [];
        public Dictionary<(int Pipeline, FunnelView View, DateOnly Day, int Stage, int Length), (int Count, long Sum)> Stays { get; } = [];
        public Dictionary<(int Pipeline, DateOnly Day, StageKind Kind, int Furthest, int Reason), (int Count, long Sum)> Cohort
        { get; } = [];

        /// <summary>The shares of the deals (not deleted) and their stage changes, read as a stream.</summary>
        public static async Task<FunnelShares> ReadAsync(
            VoronkaDbContext db, IQueryable<Deal> deals, TimeZoneInfo zone, CancellationToken ct)
        {
            var s = new FunnelShares();
            var moves = deals.Join(db.DealStageChanges, d => d.Id, c => c.DealId, (d, c) => new { d, c })
                .Join(db.Stages, x => x.c.ToStageId, st => st.Id, (x, st) => new
                {
                    x.d.PipelineId, x.d.CreatedAt, x.c.ChangedAt, x.c.ToStageId, x.c.FromStageId, x.c.PreviousEntryAt, x.c.PreviousChangeAt,
                    x.c.SecondsInFromStage, x.d.AmountMinor, x.d.LossReasonId,
                    Lost = st.Kind == StageKind.Lost && st.PipelineId == x.d.PipelineId,
                });
            await foreach (var m in moves.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
            {
                var day = Day(m.ChangedAt, zone);
                Add(s.Flow, (m.PipelineId, day, FlowFigure.Entry, m.ToStageId, 0, Since(m.PreviousEntryAt, zone)), m.AmountMinor);
                Add(s.Flow, (m.PipelineId, day, FlowFigure.Move, 0, 0, Since(m.PreviousChangeAt, zone)), m.AmountMinor);
                if (m.Lost && m.FromStageId is int left)
                    Add(s.Flow, (m.PipelineId, day, FlowFigure.Loss, left, m.LossReasonId ?? 0, DateOnly.MinValue), m.AmountMinor);
                if (m.FromStageId is int from && m.SecondsInFromStage is long seconds)
                {
                    var length = (int)(seconds / DaySeconds);
                    Add(s.Stays, (m.PipelineId, FunnelView.Flow, day, from, length), seconds);
                    Add(s.Stays, (m.PipelineId, FunnelView.Cohort, Day(m.CreatedAt, zone), from, length), seconds);
                }
            }
            var created = deals.Join(db.Stages, d => d.StageId, st => st.Id, (d, st) => new
            {
                d.PipelineId, d.CreatedAt, st.Kind, d.FurthestPosition, d.LossReasonId, d.AmountMinor,
            });
            await foreach (var d in created.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
                Add(s.Cohort, (d.PipelineId, Day(d.CreatedAt, zone), d.Kind, d.FurthestPosition ?? -1, d.LossReasonId ?? 0), d.AmountMinor);
            return s;
        }
    }

    /// <summary>Every funnel cell again, from every deal and stage change.</summary>
    private static async Task RebuildFunnelAsync(VoronkaDbContext db, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        await db.FlowDays.ExecuteDeleteAsync(ct);
        await db.StayDays.ExecuteDeleteAsync(ct);
        await db.CohortDays.ExecuteDeleteAsync(ct);
        var s = await FunnelShares.ReadAsync(db, db.Deals, zone, ct);
        foreach (var chunk in s.Flow.Chunk(5000))
            await AddAsync(db, chunk.Select(c => new FlowDay
            {
                Day = c.Key.Day, PipelineId = c.Key.Pipeline, Figure = c.Key.Figure, StageId = c.Key.Stage, Other = c.Key.Other,
                Since = c.Key.Since, Count = c.Value.Count, AmountMinor = c.Value.Sum,
            }).ToList(), save);
        foreach (var chunk in s.Stays.Chunk(5000))
            await AddAsync(db, chunk.Select(c => new StayDay
            {
                Day = c.Key.Day, View = c.Key.View, PipelineId = c.Key.Pipeline, StageId = c.Key.Stage, Length = c.Key.Length,
                Count = c.Value.Count, Seconds = c.Value.Sum,
            }).ToList(), save);
        foreach (var chunk in s.Cohort.Chunk(5000))
            await AddAsync(db, chunk.Select(c => new CohortDay
            {
                Day = c.Key.Day, PipelineId = c.Key.Pipeline, Kind = c.Key.Kind, Furthest = c.Key.Furthest, ReasonId = c.Key.Reason,
                Count = c.Value.Count, AmountMinor = c.Value.Sum,
            }).ToList(), save);
    }

    /// <summary>The share of the existing deals a save touches, read before it: what the save takes out of the cells.</summary>
    public static async Task PrepareAsync(VoronkaDbContext db, Touched t, CancellationToken ct)
    {
        if (t.FunnelDeals.Count == 0 || t.RebuildFunnel) return;
        var ids = t.FunnelDeals.ToArray();
        t.FunnelBefore = await FunnelShares.ReadAsync(db, db.Deals.Where(d => ids.Contains(d.Id)), await OrgTime.ZoneAsync(db, ct), ct);
    }

    /// <summary>The touched deals' share again, after the save, and the difference added to the cells: a write costs
    /// the same whatever else the day holds. Additions commute, so two saves need no lock on a cell: each adds its
    /// difference with an upsert (rows in key order, tables in one order), and a cell that comes to nothing goes.</summary>
    private static async Task ApplyFunnelAsync(VoronkaDbContext db, Touched t, TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = t.FunnelDeals.Concat(t.NewDeals.Select(d => d.Id)).Concat(t.Changes.Select(c => c.DealId)).Distinct().ToArray();
        if (ids.Length == 0) return;
        var after = await FunnelShares.ReadAsync(db, db.Deals.Where(d => ids.Contains(d.Id)), zone, ct);
        var before = t.FunnelBefore ?? new FunnelShares();
        await new CellDeltas(db)
            .Add(typeof(FlowDay), Difference(before.Flow, after.Flow),
                k => [k.Pipeline, k.Day, k.Figure, k.Stage, k.Other, k.Since], nameof(FlowDay.AmountMinor))
            .Add(typeof(StayDay), Difference(before.Stays, after.Stays),
                k => [k.Pipeline, k.View, k.Day, k.Stage, k.Length], nameof(StayDay.Seconds))
            .Add(typeof(CohortDay), Difference(before.Cohort, after.Cohort),
                k => [k.Pipeline, k.Day, k.Kind, k.Furthest, k.Reason], nameof(CohortDay.AmountMinor))
            .SendAsync(ct);
    }

    private static List<(TKey Key, int Count, long Sum)> Difference<TKey>(
        Dictionary<TKey, (int Count, long Sum)> before, Dictionary<TKey, (int Count, long Sum)> after) where TKey : notnull
    {
        var keys = before.Keys.Union(after.Keys);
        return keys.Select(k => (k, after.GetValueOrDefault(k).Count - before.GetValueOrDefault(k).Count,
                after.GetValueOrDefault(k).Sum - before.GetValueOrDefault(k).Sum))
            .Where(x => x.Item2 != 0 || x.Item3 != 0).ToList();
    }

    private static DateOnly Since(DateTime? at, TimeZoneInfo zone) => at is DateTime v ? Day(v, zone) : DateOnly.MinValue;

    private static void Add<TKey>(Dictionary<TKey, (int Count, long Sum)> cells, TKey key, long value) where TKey : notnull
    {
        var (count, sum) = cells.GetValueOrDefault(key);
        cells[key] = (count + 1, sum + value);
    }
}
