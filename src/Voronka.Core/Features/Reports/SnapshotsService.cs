using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reports;

public sealed record SnapshotSummary(DateOnly Day, DateTime TakenAt, int Deals, decimal Amount, decimal Weighted);

/// <summary>One manager's (or the total's) open deals in one stage, and the change since the snapshot before.</summary>
public sealed record SnapshotCell(int StageId, string Stage, int Deals, decimal Amount, int DealsChange, decimal AmountChange);

public sealed record SnapshotManager(int? OwnerId, string Name, IReadOnlyList<SnapshotCell> Stages, int Deals, decimal Amount, decimal Weighted, int DealsChange, decimal AmountChange);

/// <summary>A day's funnel per manager and in total, against the snapshot of the day before it (if any).</summary>
public sealed record SnapshotResponse(DateOnly Day, DateTime TakenAt, DateOnly? PreviousDay, IReadOnlyList<SnapshotManager> Managers, SnapshotManager Total);

/// <summary>
/// The daily funnel report: every morning (the organisation's time) the open deals per manager and stage are counted
/// in the database and kept; a day's report shows them with the change since the day before. A senior sees the team's
/// rows, a manager the own.
/// </summary>
public sealed class SnapshotsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Takes today's snapshot unless there is one; returns its day.</summary>
    public async Task<DateOnly> TakeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OrgTime.Today(now, await OrgTime.ZoneAsync(db, ct));
        if (await db.FunnelSnapshots.AnyAsync(s => s.Day == today, ct)) return today;
        var rows = await db.Deals.Where(d => d.ClosedAt == null)
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d.OwnerId, d.StageId, d.AmountMinor, s.Probability })
            .GroupBy(x => new { x.OwnerId, x.StageId })
            .Select(g => new { g.Key.OwnerId, g.Key.StageId, Count = g.Count(), Sum = g.Sum(x => x.AmountMinor), Weighted = g.Sum(x => (decimal)x.AmountMinor * x.Probability) })
            .ToListAsync(ct);
        db.FunnelSnapshots.Add(new FunnelSnapshot
        {
            Day = today, TakenAt = now,
            Rows = rows.Select(r => new FunnelSnapshotRow
            {
                OwnerId = r.OwnerId, StageId = r.StageId, Deals = r.Count, AmountMinor = r.Sum, WeightedMinor = (long)decimal.Round(r.Weighted / 100m),
            }).ToList(),
        });
        await KeptOnce.SaveAsync(db, dbFactory, check => check.FunnelSnapshots.AnyAsync(s => s.Day == today, ct), ct);
        return today;
    }

    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(Actor actor, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owners = await OwnersAsync(db, actor, ct);
        var q = db.FunnelSnapshots.AsQueryable();
        if (from is DateOnly f) q = q.Where(s => s.Day >= f);
        if (to is DateOnly t) q = q.Where(s => s.Day <= t);
        var list = await q.OrderByDescending(s => s.Day).Take(366)
            .Select(s => new
            {
                s.Day, s.TakenAt,
                Deals = s.Rows.Where(r => owners == null || owners.Contains(r.OwnerId)).Sum(r => (int?)r.Deals) ?? 0,
                Amount = s.Rows.Where(r => owners == null || owners.Contains(r.OwnerId)).Sum(r => (long?)r.AmountMinor) ?? 0,
                Weighted = s.Rows.Where(r => owners == null || owners.Contains(r.OwnerId)).Sum(r => (long?)r.WeightedMinor) ?? 0,
            })
            .ToListAsync(ct);
        return list.Select(x => new SnapshotSummary(x.Day, x.TakenAt, x.Deals, Money.FromMinor(x.Amount), Money.FromMinor(x.Weighted))).ToList();
    }

    public async Task<SnapshotResponse> GetAsync(Actor actor, DateOnly day, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owners = await OwnersAsync(db, actor, ct);
        var snap = await db.FunnelSnapshots.Where(s => s.Day == day).Select(s => new { s.Id, s.Day, s.TakenAt }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Snapshot", day.ToString("yyyy-MM-dd"));
        var previous = await db.FunnelSnapshots.Where(s => s.Day < day).OrderByDescending(s => s.Day).Select(s => new { s.Id, s.Day }).FirstOrDefaultAsync(ct);
        var ids = previous is null ? new[] { snap.Id } : [snap.Id, previous.Id];
        var rows = await db.FunnelSnapshotRows.Where(r => ids.Contains(r.SnapshotId) && (owners == null || owners.Contains(r.OwnerId))).ToListAsync(ct);
        var stageIds = rows.Select(r => r.StageId).Distinct().ToList();
        var stages = await db.Stages.Where(s => stageIds.Contains(s.Id)).OrderBy(s => s.PipelineId).ThenBy(s => s.Position).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var ownerIds = rows.Select(r => r.OwnerId).Distinct().ToList();
        var names = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        SnapshotManager Build(int? owner, string name)
        {
            var now = rows.Where(r => r.SnapshotId == snap.Id && (owner == null || r.OwnerId == owner)).ToList();
            var before = previous is null ? [] : rows.Where(r => r.SnapshotId == previous.Id && (owner == null || r.OwnerId == owner)).ToList();
            var cells = stages.Select(s =>
            {
                int n = now.Where(r => r.StageId == s.Id).Sum(r => r.Deals), b = before.Where(r => r.StageId == s.Id).Sum(r => r.Deals);
                long a = now.Where(r => r.StageId == s.Id).Sum(r => r.AmountMinor), ab = before.Where(r => r.StageId == s.Id).Sum(r => r.AmountMinor);
                return new SnapshotCell(s.Id, s.Name, n, Money.FromMinor(a), previous is null ? 0 : n - b, previous is null ? 0 : Money.FromMinor(a - ab));
            }).ToList();
            return new SnapshotManager(owner, name, cells, cells.Sum(c => c.Deals), cells.Sum(c => c.Amount), Money.FromMinor(now.Sum(r => r.WeightedMinor)),
                cells.Sum(c => c.DealsChange), cells.Sum(c => c.AmountChange));
        }
        var managers = ownerIds.OrderBy(o => names.GetValueOrDefault(o, "")).Select(o => Build(o, names.GetValueOrDefault(o, ""))).ToList();
        return new SnapshotResponse(snap.Day, snap.TakenAt, previous?.Day, managers, Build(null, ""));
    }

    /// <summary>Whose rows the actor sees: null for everyone (the director).</summary>
    private static async Task<int[]?> OwnersAsync(VoronkaDbContext db, Actor actor, CancellationToken ct) => actor.Role switch
    {
        UserRole.Director => null,
        _ => (await AccessScope.ForAsync(db, actor, ct)).Owners.ToArray(),
    };
}
