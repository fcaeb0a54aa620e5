using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reports;

/// <summary>Activities of one person and type on one day of the organisation's calendar, kept as activities are
/// logged, changed and deleted (<see cref="KeptFigures"/>).</summary>
public class ActivityDay
{
    public DateOnly Day { get; set; }
    public int UserId { get; set; }
    public ActivityType Type { get; set; }
    public int Count { get; set; }
    /// <summary>The sum of the activities' durations (talk time of calls), in seconds.</summary>
    public long Seconds { get; set; }
}

/// <summary>Deals won by one owner and closed on one day of the organisation's calendar, kept as deals change.</summary>
public class SalesDay
{
    public DateOnly Day { get; set; }
    public int OwnerId { get; set; }
    public int Count { get; set; }
    public long AmountMinor { get; set; }
}

/// <summary>The latest activities of one deal, kept as activities are logged, changed and deleted: all the hot-lead
/// score needs to rank every open deal without reading their activities, since it counts at most five recent
/// activities and two engagements (<see cref="LeadScore"/>).</summary>
public class DealActivityFacts
{
    public int DealId { get; set; }
    /// <summary>The times of the deal's five latest activities, newest first; null where it has fewer.</summary>
    public DateTime? Latest1 { get; set; }
    public DateTime? Latest2 { get; set; }
    public DateTime? Latest3 { get; set; }
    public DateTime? Latest4 { get; set; }
    public DateTime? Latest5 { get; set; }
    /// <summary>The times of its two latest engagements (meetings and incoming calls), newest first.</summary>
    public DateTime? Engaged1 { get; set; }
    public DateTime? Engaged2 { get; set; }

    internal static DealActivityFacts From(int dealId, IReadOnlyList<DateTime> latest, IReadOnlyList<DateTime> engaged) => new()
    {
        DealId = dealId,
        Latest1 = latest.Count > 0 ? latest[0] : null, Latest2 = latest.Count > 1 ? latest[1] : null, Latest3 = latest.Count > 2 ? latest[2] : null,
        Latest4 = latest.Count > 3 ? latest[3] : null, Latest5 = latest.Count > 4 ? latest[4] : null,
        Engaged1 = engaged.Count > 0 ? engaged[0] : null, Engaged2 = engaged.Count > 1 ? engaged[1] : null,
    };

    internal static bool IsEngagement(ActivityType type, CallDirection? direction) =>
        type == ActivityType.Meeting || (type == ActivityType.Call && direction == CallDirection.Incoming);
}

internal sealed class DealActivityFactsConfiguration : IEntityTypeConfiguration<DealActivityFacts>
{
    public void Configure(EntityTypeBuilder<DealActivityFacts> b)
    {
        b.HasKey(x => x.DealId);
        b.Property(x => x.DealId).ValueGeneratedNever();
        // The hot leads join only the deals with an activity in the last 30 days.
        b.HasIndex(x => x.Latest1).IncludeProperties(x => new { x.DealId, x.Latest2, x.Latest3, x.Latest4, x.Latest5, x.Engaged1, x.Engaged2 });
    }
}

internal sealed class ActivityDayConfiguration : IEntityTypeConfiguration<ActivityDay>
{
    public void Configure(EntityTypeBuilder<ActivityDay> b)
    {
        b.HasKey(x => new { x.Day, x.UserId, x.Type });
        b.HasIndex(x => new { x.UserId, x.Day });
    }
}

internal sealed class SalesDayConfiguration : IEntityTypeConfiguration<SalesDay>
{
    public void Configure(EntityTypeBuilder<SalesDay> b)
    {
        b.HasKey(x => new { x.Day, x.OwnerId });
        // A period's sales, the whole company's or some owners', read from the index alone: the hot leads' year of won
        // deals on every dashboard would otherwise fetch a row of the table for each day and owner.
        b.HasIndex(x => new { x.Day, x.OwnerId, x.Count, x.AmountMinor });
    }
}

/// <summary>
/// Figures kept in step with the rows they count, so the dashboard and the activity report read one row per person
/// and day, and the hot leads one row per open deal, instead of every activity and deal of the period: activities per
/// person, type and day (<see cref="ActivityDay"/>), won deals per owner and day (<see cref="SalesDay"/>), each deal's
/// latest activities (<see cref="DealActivityFacts"/>); and for the funnel, each deal's furthest stage reached
/// (<see cref="Deal.FurthestPosition"/>) and each stage change's previous change and previous entry into the same
/// stage (<see cref="DealStageChange.PreviousChangeAt"/>, <see cref="DealStageChange.PreviousEntryAt"/>). Each save
/// that touches an activity, a deal or its history recomputes what it touched from the rows, in the same transaction:
/// a person's day again from that person's rows of the day, and the funnel's cells by the difference between the
/// touched deals' share before and after the save (so a write costs the same however full its day is); a change of the
/// organisation's time zone or of a stage's kind rebuilds the
/// daily figures, and a stage reordered recomputes the furthest stage of its pipeline's deals. Days are the organisation's calendar
/// days, which only the application can compute (SQLite has no time zones). ADR 0012.
/// </summary>
internal static partial class KeptFigures
{
    /// <summary>Raised when what the cells hold changes meaning; the initializer rebuilds databases built before.</summary>
    public const int Version = 4;

    /// <summary>The first version with the funnel's daily cells: a database at an earlier version from there on has
    /// only those to build.</summary>
    private const int FunnelVersion = 4;

    internal sealed class Touched
    {
        public HashSet<(int User, DateTime At)> Activities { get; } = [];
        public HashSet<(int Owner, DateTime At)> Sales { get; } = [];
        public HashSet<int> Deals { get; } = [];
        /// <summary>New stage history rows and deals that moved: their ids are known only once saved.</summary>
        public List<DealStageChange> Changes { get; } = [];
        public List<Deal> Moved { get; } = [];
        /// <summary>Pipelines whose stages were reordered or changed kind: the furthest stage of their deals again.</summary>
        public HashSet<int> Pipelines { get; } = [];
        /// <summary>Existing deals whose share of the funnel's cells may change (they moved, or their amount, reason,
        /// pipeline, creation or deletion changed); their share before the save is read by <see cref="PrepareAsync"/>.</summary>
        public HashSet<int> FunnelDeals { get; } = [];
        /// <summary>New deals: all of their share is added.</summary>
        public List<Deal> NewDeals { get; } = [];
        public FunnelShares? FunnelBefore { get; set; }
        public bool RebuildActivities { get; set; }
        public bool RebuildSales { get; set; }
        public bool RebuildFunnel { get; set; }
        public bool Any => RebuildActivities || RebuildSales || RebuildFunnel || Activities.Count > 0 || Sales.Count > 0 || Deals.Count > 0
            || Changes.Count > 0 || Moved.Count > 0 || Pipelines.Count > 0 || NewDeals.Count > 0 || FunnelDeals.Count > 0;
    }

    /// <summary>The cells the pending changes touch: both where a row was and where it is now.</summary>
    public static Touched Collect(ChangeTracker tracker)
    {
        var t = new Touched();
        foreach (var e in tracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (e.Entity)
            {
                case Activity:
                    foreach (var (user, at) in Values<int, DateTime>(e, nameof(Activity.UserId), nameof(Activity.OccurredAt)))
                        t.Activities.Add((user, at));
                    foreach (var deal in Values<int?>(e, nameof(Activity.DealId)))
                        if (deal is int id) t.Deals.Add(id);
                    break;
                case Deal deal:
                    foreach (var (owner, closed) in Values<int, DateTime?>(e, nameof(Deal.OwnerId), nameof(Deal.ClosedAt)))
                        if (closed is DateTime at) t.Sales.Add((owner, at));
                    if (e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(nameof(Deal.StageId)).IsModified)) t.Moved.Add(deal);
                    // What the funnel counts of a deal: its stage, amount, reason, pipeline, creation and deletion.
                    if (e.State == EntityState.Added) t.NewDeals.Add(deal);
                    else if (e.State == EntityState.Deleted || FunnelProperties.Any(n => e.Property(n).IsModified))
                        t.FunnelDeals.Add(deal.Id);
                    break;
                case DealStageChange change when e.State == EntityState.Added:
                    t.Changes.Add(change);
                    if (change.DealId != 0) t.FunnelDeals.Add(change.DealId);
                    break;
                case Stage stage when e.State == EntityState.Deleted || (e.State == EntityState.Modified
                    && (e.Property(nameof(Stage.Kind)).IsModified || e.Property(nameof(Stage.Position)).IsModified || e.Property(nameof(Stage.PipelineId)).IsModified)):
                    if (e.Property(nameof(Stage.Kind)).IsModified || e.State == EntityState.Deleted) t.RebuildSales = true;
                    t.RebuildFunnel = true;
                    t.Pipelines.Add((int)e.Property(nameof(Stage.PipelineId)).OriginalValue!);
                    t.Pipelines.Add(stage.PipelineId);
                    break;
                case OrganisationSettings when e.State == EntityState.Modified && e.Property(nameof(OrganisationSettings.TimeZoneId)).IsModified:
                    t.RebuildActivities = t.RebuildSales = t.RebuildFunnel = true;
                    break;
            }
        }
        return t;
    }

    private static readonly string[] FunnelProperties =
        [nameof(Deal.StageId), nameof(Deal.AmountMinor), nameof(Deal.LossReasonId), nameof(Deal.PipelineId), nameof(Deal.DeletedAt), nameof(Deal.CreatedAt)];

    private static IEnumerable<T> Values<T>(EntityEntry e, string name)
    {
        if (e.State != EntityState.Added) yield return (T)e.Property(name).OriginalValue!;
        if (e.State != EntityState.Deleted) yield return (T)e.Property(name).CurrentValue!;
    }

    private static IEnumerable<(TA, TB)> Values<TA, TB>(EntityEntry e, string a, string b)
    {
        if (e.State != EntityState.Added) yield return ((TA)e.Property(a).OriginalValue!, (TB)e.Property(b).OriginalValue!);
        if (e.State != EntityState.Deleted) yield return ((TA)e.Property(a).CurrentValue!, (TB)e.Property(b).CurrentValue!);
    }

    /// <summary>Recomputes the touched cells from the rows as saved. Runs inside the save's transaction.</summary>
    public static async Task ApplyAsync(VoronkaDbContext db, Touched t, Func<Task> save, CancellationToken ct)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        await LockAsync(db, t.Activities.Select(x => Key(1, Day(x.At, zone), x.User))
            .Concat(t.Deals.Select(id => (2L << 58) | (uint)id))
            .Concat(t.Sales.Select(x => Key(3, Day(x.At, zone), x.Owner))), ct);
        if (t.RebuildActivities) await RebuildActivitiesAsync(db, zone, save, ct);
        else
            foreach (var day in t.Activities.GroupBy(x => Day(x.At, zone)))
            {
                var users = day.Select(x => x.User).Distinct().ToArray();
                var (start, end) = Bounds(day.Key, zone);
                await db.Set<ActivityDay>().Where(c => c.Day == day.Key && users.Contains(c.UserId)).ExecuteDeleteAsync(ct);
                var cells = await db.Activities.Where(a => users.Contains(a.UserId) && a.OccurredAt >= start && a.OccurredAt < end)
                    .GroupBy(a => new { a.UserId, a.Type })
                    .Select(g => new ActivityDay { Day = day.Key, UserId = g.Key.UserId, Type = g.Key.Type, Count = g.Count(), Seconds = g.Sum(a => (long?)a.DurationSeconds) ?? 0 })
                    .ToListAsync(ct);
                await AddAsync(db, cells, save);
            }
        if (t.Deals.Count > 0) await ApplyDealsAsync(db, t.Deals, save, ct);
        if (t.Changes.Count > 0)
        {
            var ids = t.Changes.Select(c => c.Id).ToArray();
            await HistoryAsync(db, db.DealStageChanges.Where(c => ids.Contains(c.Id)), ct);
        }
        if (t.Pipelines.Count > 0)
        {
            // Every deal of the pipelines: on a large company this takes longer than an ordinary statement may.
            var pipelines = t.Pipelines.ToArray();
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            try { await FurthestAsync(db, db.Deals.IgnoreQueryFilters().Where(d => pipelines.Contains(d.PipelineId)), ct); }
            finally { db.Database.SetCommandTimeout(timeout); }
        }
        if (t.Moved.Count > 0)
        {
            var ids = t.Moved.Select(d => d.Id).ToArray();
            await FurthestAsync(db, db.Deals.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)), ct);
        }
        if (t.RebuildSales) await RebuildSalesAsync(db, zone, save, ct);
        else
            foreach (var day in t.Sales.GroupBy(x => Day(x.At, zone)))
            {
                var owners = day.Select(x => x.Owner).Distinct().ToArray();
                var (start, end) = Bounds(day.Key, zone);
                await db.Set<SalesDay>().Where(c => c.Day == day.Key && owners.Contains(c.OwnerId)).ExecuteDeleteAsync(ct);
                var cells = await db.Deals.Where(d => owners.Contains(d.OwnerId)).WonBetween(db, start, end)
                    .GroupBy(d => d.OwnerId)
                    .Select(g => new SalesDay { Day = day.Key, OwnerId = g.Key, Count = g.Count(), AmountMinor = g.Sum(d => d.AmountMinor) })
                    .ToListAsync(ct);
                await AddAsync(db, cells, save);
            }
        // After the history and the furthest stages above, which the funnel's cells count; and last, because the day's
        // cells are shared by every move of the day and stay locked from here to the commit.
        if (t.RebuildFunnel) await RebuildFunnelAsync(db, zone, save, ct);
        else await ApplyFunnelAsync(db, t, zone, ct);
    }

    /// <summary>
    /// Two saves that touch the same cell at once would both delete it and insert it again, and the second insert would
    /// collide with the first. On PostgreSQL each save first takes a lock per cell for the rest of its transaction (in
    /// one order, so two saves cannot wait for each other), so the second waits for the first to commit and then
    /// counts with its rows in view. SQLite lets one writer in at a time.
    /// </summary>
    private static async Task LockAsync(VoronkaDbContext db, IEnumerable<long> keys, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        var sorted = keys.Distinct().Order().ToArray();
        if (sorted.Length == 0) return;
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest({0}) AS k ORDER BY 1) AS s", [sorted], ct);
    }

    /// <summary>A lock key per cell: the kind of figure, the day and the person, side by side in 64 bits.</summary>
    private static long Key(int kind, DateOnly day, int id) => ((long)kind << 58) | ((long)day.DayNumber << 32) | (uint)id;

    /// <summary>Each change's previous change of its deal, and its deal's previous entry into the same stage, in the
    /// order of time (ties by id).</summary>
    private static Task HistoryAsync(VoronkaDbContext db, IQueryable<DealStageChange> changes, CancellationToken ct) =>
        changes.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.PreviousChangeAt, c => db.DealStageChanges
                .Where(p => p.DealId == c.DealId && (p.ChangedAt < c.ChangedAt || (p.ChangedAt == c.ChangedAt && p.Id < c.Id)))
                .Max(p => (DateTime?)p.ChangedAt))
            .SetProperty(c => c.PreviousEntryAt, c => db.DealStageChanges
                .Where(p => p.DealId == c.DealId && p.ToStageId == c.ToStageId && (p.ChangedAt < c.ChangedAt || (p.ChangedAt == c.ChangedAt && p.Id < c.Id)))
                .Max(p => (DateTime?)p.ChangedAt)), ct);

    /// <summary>The furthest open stage of its pipeline each deal has entered, from its history.</summary>
    private static Task FurthestAsync(VoronkaDbContext db, IQueryable<Deal> deals, CancellationToken ct) =>
        deals.ExecuteUpdateAsync(s => s.SetProperty(d => d.FurthestPosition, d => db.DealStageChanges.Where(c => c.DealId == d.Id)
            .Join(db.Stages, c => c.ToStageId, st => st.Id, (c, st) => st)
            .Where(st => st.PipelineId == d.PipelineId && st.Kind == StageKind.Open)
            .Max(st => (int?)st.Position)), ct);

    private static async Task ApplyDealsAsync(VoronkaDbContext db, IReadOnlyCollection<int> deals, Func<Task> save, CancellationToken ct)
    {
        var ids = deals.ToArray();
        await db.DealActivityFacts.Where(f => ids.Contains(f.DealId)).ExecuteDeleteAsync(ct);
        var facts = new List<DealActivityFacts>();
        foreach (var id in ids)
        {
            var latest = await db.Activities.Where(a => a.DealId == id).OrderByDescending(a => a.OccurredAt).Select(a => a.OccurredAt).Take(5).ToListAsync(ct);
            if (latest.Count == 0) continue;
            var engaged = await db.Activities
                .Where(a => a.DealId == id && (a.Type == ActivityType.Meeting || (a.Type == ActivityType.Call && a.Direction == CallDirection.Incoming)))
                .OrderByDescending(a => a.OccurredAt).Select(a => a.OccurredAt).Take(2).ToListAsync(ct);
            facts.Add(DealActivityFacts.From(id, latest, engaged));
        }
        await AddAsync(db, facts, save);
    }

    /// <summary>Won deals closed in [from, to): the organisation's whole days inside from the kept daily sales, the
    /// part-days at either end from the deals.</summary>
    public static async Task<(long Sum, int Count)> WonBetweenAsync(VoronkaDbContext db, DateTime from, DateTime to, TimeZoneInfo zone, CancellationToken ct)
    {
        var first = OrgTime.Today(from, zone);
        if (OrgTime.StartOfDayUtc(first, zone) < from) first = first.AddDays(1);
        var last = OrgTime.Today(to, zone).AddDays(-1);
        IQueryable<Deal> edges;
        (long Sum, int Count) whole = (0, 0);
        if (first > last) edges = db.Deals.WonBetween(db, from, to);
        else
        {
            var (s, e) = (OrgTime.StartOfDayUtc(first, zone), OrgTime.StartOfDayUtc(last.AddDays(1), zone));
            edges = db.Deals.Where(d => (d.ClosedAt >= from && d.ClosedAt < s) || (d.ClosedAt >= e && d.ClosedAt < to))
                .Where(d => db.Stages.Any(st => st.Id == d.StageId && st.Kind == StageKind.Won));
            var cells = await db.SalesDays.Where(c => c.Day >= first && c.Day <= last).GroupBy(_ => 1)
                .Select(g => new { Sum = g.Sum(c => c.AmountMinor), Count = g.Sum(c => c.Count) }).FirstOrDefaultAsync(ct);
            whole = (cells?.Sum ?? 0, cells?.Count ?? 0);
        }
        var rest = await edges.GroupBy(_ => 1).Select(g => new { Sum = g.Sum(d => d.AmountMinor), Count = g.Count() }).FirstOrDefaultAsync(ct);
        return (whole.Sum + (rest?.Sum ?? 0), whole.Count + (rest?.Count ?? 0));
    }

    /// <summary>Every cell again from the rows: after a bulk load, a time zone change, or a new <see cref="Version"/>.
    /// Given the version the database holds, one that already has every figure but the funnel's daily cells gets only
    /// those built. <paramref name="pathsKept"/>: the stage changes' previous moments and the deals' furthest stages are
    /// right already (an import writes them with the paths), so only the cells are rebuilt.</summary>
    public static async Task RebuildAsync(VoronkaDbContext db, CancellationToken ct, int fromVersion = 0, bool pathsKept = false)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        // A rebuild rewrites every deal and stage change of a large company in single statements.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
        try
        {
            Task Save() => db.SaveChangesAsync(ct);
            if (fromVersion < FunnelVersion - 1)
            {
                await RebuildActivitiesAsync(db, zone, Save, ct);
                await RebuildSalesAsync(db, zone, Save, ct);
                await RebuildDealsAsync(db, Save, ct);
                if (!pathsKept)
                {
                    await HistoryAsync(db, db.DealStageChanges, ct);
                    await FurthestAsync(db, db.Deals.IgnoreQueryFilters(), ct);
                }
            }
            await RebuildFunnelAsync(db, zone, Save, ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
            if (own is not null) await own.DisposeAsync();
        }
    }

    // A rebuild streams the rows once and sums them per cell in memory: the cells, not the rows, are held.
    private static async Task RebuildActivitiesAsync(VoronkaDbContext db, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        await db.Set<ActivityDay>().ExecuteDeleteAsync(ct);
        var cells = new Dictionary<(DateOnly, int, ActivityType), (int Count, long Seconds)>();
        await foreach (var a in db.Activities.AsNoTracking().Select(a => new { a.UserId, a.Type, a.OccurredAt, a.DurationSeconds }).AsAsyncEnumerable().WithCancellation(ct))
            Add(cells, (Day(a.OccurredAt, zone), a.UserId, a.Type), a.DurationSeconds ?? 0);
        foreach (var chunk in cells.Chunk(5000))
            await AddAsync(db, chunk.Select(c => new ActivityDay { Day = c.Key.Item1, UserId = c.Key.Item2, Type = c.Key.Item3, Count = c.Value.Count, Seconds = c.Value.Seconds }).ToList(), save);
    }

    private static async Task RebuildSalesAsync(VoronkaDbContext db, TimeZoneInfo zone, Func<Task> save, CancellationToken ct)
    {
        await db.Set<SalesDay>().ExecuteDeleteAsync(ct);
        var cells = new Dictionary<(DateOnly, int), (int Count, long Amount)>();
        var won = db.Deals.Where(d => d.ClosedAt != null && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Won));
        await foreach (var d in won.AsNoTracking().Select(d => new { d.OwnerId, ClosedAt = d.ClosedAt!.Value, d.AmountMinor }).AsAsyncEnumerable().WithCancellation(ct))
            Add(cells, (Day(d.ClosedAt, zone), d.OwnerId), d.AmountMinor);
        foreach (var chunk in cells.Chunk(5000))
            await AddAsync(db, chunk.Select(c => new SalesDay { Day = c.Key.Item1, OwnerId = c.Key.Item2, Count = c.Value.Count, AmountMinor = c.Value.Amount }).ToList(), save);
    }

    private static async Task RebuildDealsAsync(VoronkaDbContext db, Func<Task> save, CancellationToken ct)
    {
        await db.DealActivityFacts.ExecuteDeleteAsync(ct);
        // Newest first per deal, in one pass: the first five of each deal are its latest, the first two engagements its engagements.
        var latest = new Dictionary<int, (DateTime[] Latest, int Count, DateTime[] Engaged, int Engagements)>();
        await foreach (var a in db.Activities.AsNoTracking().Where(a => a.DealId != null)
            .Select(a => new { DealId = a.DealId!.Value, a.OccurredAt, a.Type, a.Direction }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!latest.TryGetValue(a.DealId, out var f)) f = (new DateTime[5], 0, new DateTime[2], 0);
            f.Count = Insert(f.Latest, f.Count, a.OccurredAt);
            if (DealActivityFacts.IsEngagement(a.Type, a.Direction)) f.Engagements = Insert(f.Engaged, f.Engagements, a.OccurredAt);
            latest[a.DealId] = f;
        }
        foreach (var chunk in latest.Chunk(5000))
            await AddAsync(db, chunk.Select(x => DealActivityFacts.From(x.Key, x.Value.Latest[..x.Value.Count], x.Value.Engaged[..x.Value.Engagements])).ToList(), save);

        // Keeps the array sorted newest first and at most its length long; returns the new count.
        static int Insert(DateTime[] top, int count, DateTime at)
        {
            var i = count < top.Length ? count : top.Length - 1;
            if (count == top.Length && at <= top[i]) return count;
            while (i > 0 && top[i - 1] < at) { top[i] = top[i - 1]; i--; }
            top[i] = at;
            return Math.Min(count + 1, top.Length);
        }
    }

    // The cells are written and let go at once, so a later recompute in the same context can write the same keys again.
    private static async Task AddAsync<T>(VoronkaDbContext db, List<T> cells, Func<Task> save) where T : class
    {
        if (cells.Count == 0) return;
        db.Set<T>().AddRange(cells);
        await save();
        foreach (var c in cells) db.Entry(c).State = EntityState.Detached;
    }

    private static DateOnly Day(DateTime utc, TimeZoneInfo zone) => OrgTime.Today(utc, zone);

    private static (DateTime Start, DateTime End) Bounds(DateOnly day, TimeZoneInfo zone) =>
        (OrgTime.StartOfDayUtc(day, zone), OrgTime.StartOfDayUtc(day.AddDays(1), zone));
}
