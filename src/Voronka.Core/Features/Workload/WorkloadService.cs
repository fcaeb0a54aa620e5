using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Reports;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Workload;

/// <summary>A figure of the workload and the list (an API address) that shows exactly what it counts.</summary>
public sealed record WorkloadFigure(int Count, string List);

/// <summary>One person's load: tasks by due time, deals that need attention, and leads against the capacity lead routing
/// uses (<see cref="MaxOpenLeads"/>, <see cref="MaxNewPerDay"/>; null is no limit).</summary>
public sealed record WorkloadRow(
    int UserId, string Name, UserRole Role, int? TeamId, string? TeamName, bool AwayToday, WorkloadFigure Overdue, WorkloadFigure Today,
    WorkloadFigure Upcoming, WorkloadFigure OpenDeals, WorkloadFigure NoNextStep, WorkloadFigure Rotting, WorkloadFigure LeadsWaiting,
    int? MaxOpenLeads, int NewLeadsToday, int? MaxNewPerDay);

public sealed record WorkloadResponse(DateTime At, DateOnly Today, IReadOnlyList<WorkloadRow> People);

/// <summary>
/// The team's load, like a supervisor's counters but by team: the director sees everyone, a senior the team. Every figure
/// is counted by the filter of the list it opens (<see cref="TasksService.WithStatus"/>, <see cref="DealsService.FilterAsync"/>,
/// the lead routing's open leads), so a figure and its list never disagree.
/// </summary>
public sealed class WorkloadService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<WorkloadResponse> GetAsync(Actor actor, int? teamId, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director or a senior sees the team's workload.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(now, zone);
        var peopleQ = scope.People().Where(u => u.IsActive && u.Role != UserRole.Director);
        if (teamId is int team) peopleQ = peopleQ.Where(u => u.TeamId == team);
        var people = await peopleQ.OrderBy(u => u.TeamId == null).ThenBy(u => u.TeamId).ThenBy(u => u.Role).ThenBy(u => u.FullName)
            .Select(u => new
            {
                u.Id, u.FullName, u.Role, u.TeamId, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();

        async Task<Dictionary<int, int>> Tasks(string status) =>
            await TasksService.WithStatus(scope.Tasks().Where(t => ids.Contains(t.AssigneeId)), status, now, zone)
                .GroupBy(t => t.AssigneeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Task<Dictionary<int, int>> Deals(DealQuery query) =>
            DealsService.CountByOwnerAsync(db, scope, scope.Deals().Where(d => ids.Contains(d.OwnerId)), query, zone, now, ct);

        var overdue = await Tasks("overdue");
        var dueToday = await Tasks("today");
        var upcoming = await Tasks("upcoming");
        var open = await Deals(new DealQuery { Status = "open" });
        var noNext = await Deals(new DealQuery { Status = "open", NextTask = "none" });
        var rotting = await Deals(new DealQuery { Rotting = true });
        var leads = await LeadRouting.OpenLeadsAsync(db, ids, ct);
        var given = await LeadRouting.NewLeadsAsync(db, ids, OrgTime.StartOfDayUtc(today, zone), ct);
        var limits = await db.LeadCapacities.AsNoTracking().Where(c => ids.Contains(c.UserId))
            .ToDictionaryAsync(c => c.UserId, c => new { c.MaxOpenLeads, c.MaxNewPerDay }, ct);
        var away = (await db.Absences.Where(a => ids.Contains(a.UserId) && a.From <= today && a.To >= today).Select(a => a.UserId)
            .ToListAsync(ct)).ToHashSet();

        WorkloadFigure TaskFigure(Dictionary<int, int> counts, int id, string status) =>
            new(counts.GetValueOrDefault(id), ListUrls.Of("tasks", ("assigneeId", id), ("status", status)));
        WorkloadFigure DealFigure(Dictionary<int, int> counts, int id, params (string, object?)[] filters) =>
            new(counts.GetValueOrDefault(id), ListUrls.Of("deals", [("ownerId", id), .. filters]));
        return new WorkloadResponse(now, today, people.Select(p => new WorkloadRow(p.Id, p.FullName, p.Role, p.TeamId, p.Team,
            away.Contains(p.Id), TaskFigure(overdue, p.Id, "overdue"), TaskFigure(dueToday, p.Id, "today"),
            TaskFigure(upcoming, p.Id, "upcoming"), DealFigure(open, p.Id, ("status", "open")),
            DealFigure(noNext, p.Id, ("status", "open"), ("nextTask", "none")), DealFigure(rotting, p.Id, ("rotting", true)),
            new WorkloadFigure(leads.GetValueOrDefault(p.Id), ListUrls.Of("leads", ("assigneeId", p.Id), ("status", LeadStatus.Assigned))),
            limits.GetValueOrDefault(p.Id)?.MaxOpenLeads, given.GetValueOrDefault(p.Id), limits.GetValueOrDefault(p.Id)?.MaxNewPerDay))
            .ToList());
    }
}
