using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

/// <summary>
/// Whose goals the dashboard and its charts measure: the organisation's for the director, the team's for a senior, one's
/// own for a manager; and that subject's target of a period.
/// </summary>
internal sealed record DashboardSubject(GoalScope Scope, int? Id, string Name, PlanGroup Group)
{
    public static async Task<DashboardSubject> ForAsync(VoronkaDbContext db, Actor actor, CancellationToken ct)
    {
        var (scope, id) = actor.Role switch
        {
            UserRole.Director => (GoalScope.Organisation, (int?)null),
            UserRole.Senior when actor.TeamId is int t => (GoalScope.Team, t),
            _ => (GoalScope.Manager, actor.UserId),
        };
        return new DashboardSubject(scope, id, await PlansService.SubjectNameAsync(db, scope, id, ct) ?? "",
            await PlanGroup.ForAsync(db, scope, id, ct));
    }

    /// <summary>The subject's goal of the period ("goal"); without one, the goals of its people added up ("people"): a
    /// team's managers, the organisation's teams (else its managers); null when there is neither.</summary>
    public async Task<(int? GoalId, long? TargetMinor, string? Source)> TargetAsync(VoronkaDbContext db, Period p, CancellationToken ct)
    {
        var key = Goal.KeyOf(Scope, Id);
        var inPeriod = db.Goals.Where(g => g.PeriodKind == p.Kind && g.PeriodStart == p.Start);
        var goal = await inPeriod.Where(g => g.SubjectKey == key).Select(g => new { g.Id, g.TargetMinor }).FirstOrDefaultAsync(ct);
        if (goal is not null) return (goal.Id, goal.TargetMinor, "goal");
        var members = Group.Users.ToArray();
        var parts = Scope switch
        {
            GoalScope.Team => inPeriod.Where(g => g.Scope == GoalScope.Manager && g.UserId != null && members.Contains(g.UserId.Value)),
            GoalScope.Organisation => await inPeriod.AnyAsync(g => g.Scope == GoalScope.Team, ct)
                ? inPeriod.Where(g => g.Scope == GoalScope.Team)
                : inPeriod.Where(g => g.Scope == GoalScope.Manager),
            _ => inPeriod.Where(_ => false),
        };
        return await parts.AnyAsync(ct) ? (null, await parts.SumAsync(g => g.TargetMinor, ct), "people") : (null, null, null);
    }
}
