using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Plans;

/// <summary>Whose history and plan: a manager, a team (its members), a region, a product or the whole organisation.</summary>
internal sealed record PlanGroup(GoalScope Scope, int? Id, int[] Users)
{
    public static PlanGroup Organisation { get; } = new(GoalScope.Organisation, null, []);

    public IQueryable<Deal> Deals(IQueryable<Deal> q)
    {
        var id = Id;
        var users = Users;
        return Scope switch
        {
            GoalScope.Manager => q.Where(d => d.OwnerId == id),
            GoalScope.Team => q.Where(d => users.Contains(d.OwnerId)),
            GoalScope.Region => q.Where(d => d.RegionId == id),
            GoalScope.Product => q.Where(d => d.Lines.Any(l => l.ProductId == id)),
            _ => q,
        };
    }

    /// <summary>Activities of the group. Work without a deal belongs to the person who did it, so a product has none.</summary>
    public IQueryable<Activity> Activities(VoronkaDbContext db)
    {
        var q = db.Activities.AsQueryable();
        var id = Id;
        var users = Users;
        return Scope switch
        {
            GoalScope.Manager => q.Where(a => a.UserId == id),
            GoalScope.Team => q.Where(a => users.Contains(a.UserId)),
            GoalScope.Region => q.Where(a => a.DealId != null ? a.Deal!.RegionId == id : db.Users.Any(u => u.Id == a.UserId && u.RegionId == id)),
            GoalScope.Product => q.Where(a => a.DealId != null && a.Deal!.Lines.Any(l => l.ProductId == id)),
            _ => q,
        };
    }

    /// <summary>Won revenue of the deals closed on the organisation's days [from, to]. An organisation, a team or a
    /// manager is read from the kept daily sales (one row per owner and day); a region or a product from the deals.</summary>
    public async Task<(long Sum, int Count)> WonOnDaysAsync(VoronkaDbContext db, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        if (Scope is GoalScope.Region or GoalScope.Product)
        {
            var (s, e) = OrgTime.Range(from, to, zone);
            return await WonAsync(db, s!.Value, e!.Value, ct);
        }
        var row = await SalesCells(db, from, to).GroupBy(_ => 1)
            .Select(g => new { Sum = g.Sum(c => c.AmountMinor), Count = g.Sum(c => c.Count) }).FirstOrDefaultAsync(ct);
        return (row?.Sum ?? 0, row?.Count ?? 0);
    }

    /// <summary>The same won revenue as <see cref="WonOnDaysAsync"/>, day by day: the days of [from, to] with sales,
    /// summed per day in the database from the kept daily sales (a region or a product day by day from the deals).</summary>
    public async Task<IReadOnlyDictionary<DateOnly, (long Sum, int Count)>> WonPerDayAsync(
        VoronkaDbContext db, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        var days = new Dictionary<DateOnly, (long Sum, int Count)>();
        if (Scope is GoalScope.Region or GoalScope.Product)
        {
            for (var d = from; d <= to; d = d.AddDays(1))
                if (await WonOnDaysAsync(db, d, d, zone, ct) is { Count: > 0 } won) days[d] = won;
            return days;
        }
        var rows = await SalesCells(db, from, to).GroupBy(c => c.Day)
            .Select(g => new { Day = g.Key, Sum = g.Sum(c => c.AmountMinor), Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        foreach (var r in rows) days[r.Day] = (r.Sum, r.Count);
        return days;
    }

    /// <summary>The kept daily sales of an organisation, a team or a manager on the days [from, to].</summary>
    private IQueryable<Reports.SalesDay> SalesCells(VoronkaDbContext db, DateOnly from, DateOnly to)
    {
        var cells = db.SalesDays.Where(c => c.Day >= from && c.Day <= to);
        var id = Id;
        var users = Users;
        if (Scope == GoalScope.Manager) cells = cells.Where(c => c.OwnerId == id);
        else if (Scope == GoalScope.Team) cells = cells.Where(c => users.Contains(c.OwnerId));
        return cells;
    }

    /// <summary>Won revenue of deals closed in [from, to): their amounts. A product's revenue is that of the won deals
    /// that carry it (a deal counts once, with its amount), as the deal list and the funnel cut by product count it.</summary>
    public async Task<(long Sum, int Count)> WonAsync(VoronkaDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        var won = Deals(db.Deals).WonBetween(db, from, to);
        var row = await won.GroupBy(_ => 1).Select(g => new { Sum = g.Sum(d => d.AmountMinor), Count = g.Count() }).FirstOrDefaultAsync(ct);
        return (row?.Sum ?? 0, row?.Count ?? 0);
    }

    /// <summary>
    /// The group's history in the basis window [from, to): deals of the pipeline created in the window, how far each
    /// got (from the stage history) and how it ended; the group's activities in the window, each placed at the stage
    /// its deal stood at when it happened; the won deals closed in the window. Everything is grouped in the database.
    /// </summary>
    public async Task<FunnelEvidence> EvidenceAsync(VoronkaDbContext db, IReadOnlyList<PlanStage> stages, int pipelineId, DateTime from, DateTime to, CancellationToken ct)
    {
        var openStages = db.Stages.Where(s => s.PipelineId == pipelineId && s.Kind == StageKind.Open);
        var cohort = Deals(db.Deals).Where(d => d.PipelineId == pipelineId && d.CreatedAt >= from && d.CreatedAt < to);
        var progress = await cohort
            .Select(d => new
            {
                Max = db.DealStageChanges.Where(c => c.DealId == d.Id)
                    .Join(openStages, c => c.ToStageId, s => s.Id, (c, s) => (int?)s.Position).Max(),
                Outcome = db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Kind).First(),
            })
            .GroupBy(x => new { x.Max, x.Outcome })
            .Select(g => new { g.Key.Max, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);

        var types = FunnelEvidence.PlannedActivities;
        var acts = await Activities(db)
            .Where(a => a.OccurredAt >= from && a.OccurredAt < to && types.Contains(a.Type))
            .Where(a => a.DealId == null || (a.Deal!.PipelineId == pipelineId && a.Deal.CreatedAt >= from && a.Deal.CreatedAt < to))
            .Select(a => new
            {
                a.Type,
                WithoutDeal = a.DealId == null,
                // The stage the deal stood at when the activity happened: the last move at or before it.
                At = db.DealStageChanges.Where(c => c.DealId == a.DealId && c.ChangedAt <= a.OccurredAt)
                    .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
                    .Select(c => openStages.Where(s => s.Id == c.ToStageId).Select(s => (int?)s.Position).FirstOrDefault())
                    .FirstOrDefault(),
                Max = db.DealStageChanges.Where(c => c.DealId == a.DealId)
                    .Join(openStages, c => c.ToStageId, s => s.Id, (c, s) => (int?)s.Position).Max(),
                Closed = a.DealId != null && db.Stages.Any(s => s.Id == a.Deal!.StageId && s.Kind != StageKind.Open),
            })
            .GroupBy(x => new { x.Type, x.WithoutDeal, x.At, x.Max, x.Closed })
            .Select(g => new { g.Key.Type, g.Key.WithoutDeal, g.Key.At, g.Key.Max, g.Key.Closed, Count = g.Count() })
            .ToListAsync(ct);

        var (sum, count) = await WonAsync(db, from, to, ct);
        return FunnelEvidence.From(stages,
            progress.Select(p => new ProgressRow(p.Max, p.Outcome, p.Count)),
            acts.Select(a => new ActivityRow(a.Type, a.WithoutDeal, a.At, a.Closed || (a.Max is int m && a.At is int at && m > at), a.Count)),
            sum, count);
    }

    /// <summary>The group a subject is compared with: a manager's team (everyone in it), or the whole organisation.</summary>
    public static async Task<PlanGroup> ComparisonAsync(VoronkaDbContext db, PlanGroup subject, CancellationToken ct)
    {
        if (subject.Scope != GoalScope.Manager) return Organisation;
        var team = await db.Users.Where(u => u.Id == subject.Id).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
        if (team is null) return Organisation;
        return new PlanGroup(GoalScope.Team, team, await db.Users.Where(u => u.TeamId == team).Select(u => u.Id).ToArrayAsync(ct));
    }

    public static async Task<PlanGroup> ForAsync(VoronkaDbContext db, GoalScope scope, int? id, CancellationToken ct) => scope == GoalScope.Team
        ? new PlanGroup(scope, id, await db.Users.Where(u => u.TeamId == id).Select(u => u.Id).ToArrayAsync(ct))
        : new PlanGroup(scope, id, []);

    public static async Task<(int Id, string Name, IReadOnlyList<PlanStage> Stages)> PipelineAsync(VoronkaDbContext db, int? pipelineId, CancellationToken ct)
    {
        var p = pipelineId is int id
            ? await db.Pipelines.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ValidationFailedException.For("pipelineId", "is not a known pipeline.")
            : await db.Pipelines.OrderByDescending(x => x.IsDefault).ThenBy(x => x.Position).ThenBy(x => x.Id).FirstOrDefaultAsync(ct)
              ?? throw ValidationFailedException.For("pipelineId", "there is no pipeline yet.");
        var stages = await db.Stages.Where(s => s.PipelineId == p.Id && s.Kind == StageKind.Open).OrderBy(s => s.Position)
            .Select(s => new PlanStage(s.Id, s.Name, s.Position)).ToListAsync(ct);
        return (p.Id, p.Name, stages);
    }

    /// <summary>May the actor see the plan of this subject? A manager sees own; a senior the team and its people; the director all.</summary>
    public static async Task RequireVisibleAsync(VoronkaDbContext db, Actor actor, GoalScope scope, int? id, CancellationToken ct)
    {
        if (scope == GoalScope.Organisation && !actor.IsDirector)
            throw new ForbiddenException("Only the director sees the plan of the whole organisation.");
        var ok = actor.Role switch
        {
            UserRole.Director => true,
            UserRole.Senior => scope switch
            {
                GoalScope.Manager => await (await AccessScope.ForAsync(db, actor, ct)).People().AnyAsync(u => u.Id == id, ct),
                GoalScope.Team => id == actor.TeamId,
                _ => false,
            },
            UserRole.Manager => scope == GoalScope.Manager && id == actor.UserId,
            _ => false,
        };
        if (!ok)
        {
            if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
            throw new NotFoundException(scope.ToString(), id ?? 0);
        }
    }
}
