using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Objections;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;
using Voronka.Core.Features.Reviews;

namespace Voronka.Core.Features.Meetings;

/// <summary>
/// Builds a meeting's agenda from the functions behind the reports, over the same period and the same people: what the
/// one who starts the meeting sees, narrowed to the series' team. Nothing here counts anything a report does not.
/// </summary>
public sealed class MeetingAgenda(
    IDbContextFactory<VoronkaDbContext> factory, ActivityReportService activity, DashboardService dashboard, FunnelService funnel,
    DealsService deals, ReviewRoutine reviews, BestCallsService bestCalls, ObjectionStats objections, BottlenecksService bottlenecks,
    TimeProvider clock)
{
    public const int StuckShown = 10;

    /// <summary>The agenda of a meeting of <paramref name="teamId"/>'s people (all the actor sees when null) over
    /// [<paramref name="from"/>, <paramref name="to"/>]; the week and the month run to <paramref name="to"/>.</summary>
    public async Task<AgendaResponse> BuildAsync(Actor actor, int? teamId, DateOnly from, DateOnly to,
        IReadOnlyList<DecisionResponse> decisions, CancellationToken ct)
    {
        var weekFrom = ObjectionStats.WeekOf(to);
        var monthFrom = new DateOnly(to.Year, to.Month, 1);
        var people = await PeopleAsync(teamId, ct);
        var week = await activity.ReportAsync(actor, new ActivityReportQuery { From = weekFrom, To = to, By = "week", TeamId = teamId },
            ct);
        var month = await activity.ReportAsync(actor, new ActivityReportQuery { From = monthFrom, To = to, By = "month", TeamId = teamId },
            ct);
        var sales = (await dashboard.GetAsync(actor, ct)).Sales.Where(s => people is null || people.Contains(s.UserId)).ToList();
        var flow = await funnel.FunnelAsync(actor, new FunnelQuery { From = from, To = to, View = "flow", TeamId = teamId }, ct);
        var stuck = await deals.ListAsync(actor, new DealQuery { Rotting = true, TeamId = teamId, Sellers = true, PageSize = StuckShown },
            ct);
        var routine = await reviews.WeekAsync(actor, to, ct);
        if (people is not null)
            routine = routine with
            {
                Reviewers = routine.Reviewers
                    .Select(r => r with { Managers = r.Managers.Where(m => people.Contains(m.ManagerId)).ToList() })
                    .Where(r => r.Managers.Count > 0).ToList(),
            };
        var now = clock.GetUtcNow().UtcDateTime;
        return new AgendaResponse(now, from, to, weekFrom, monthFrom, teamId, decisions, week, month, sales, flow,
            await MovesAsync(actor, teamId, from, to, ct),
            stuck.Items.Select(d => new StuckDeal(d.Id, d.Title, d.OwnerName, d.StageName, (int)(now - d.StageEnteredAt).TotalDays,
                d.Amount,
                d.Currency)).ToList(), stuck.Total, routine,
            await BestOfWeekAsync(actor, weekFrom, to, people, ct),
            await objections.OfWeekAsync(actor, weekFrom, people, ct),
            await bottlenecks.FindAsync(actor, new BottleneckQuery { TeamId = teamId }, ct));
    }

    private async Task<HashSet<int>?> PeopleAsync(int? teamId, CancellationToken ct)
    {
        if (teamId is null) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Users.Where(u => u.TeamId == teamId).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The best call added in the week (the newest), of the people's calls.</summary>
    private async Task<BestCallResponse?> BestOfWeekAsync(Actor actor, DateOnly weekFrom, DateOnly to, HashSet<int>? people,
        CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (start, end) = OrgTime.Range(weekFrom, to, zone);
        return (await bestCalls.ListAsync(actor, new BestCallQuery(), ct))
            .FirstOrDefault(b => b.CreatedAt >= start && b.CreatedAt < end && (people is null || people.Contains(b.ManagerId)));
    }

    /// <summary>The deals the actor sees (of the team) by what happened to them in the period, each counted once per kind.</summary>
    private async Task<FunnelMoves> MovesAsync(Actor actor, int? teamId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (s, e) = OrgTime.Range(from, to, zone);
        var (start, end) = (s!.Value, e!.Value);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var seen = ReportFilter.Apply(db, scope, new ReportQuery { TeamId = teamId }).Select(d => d.Id);
        var changes = from c in db.DealStageChanges
                      where c.ChangedAt >= start && c.ChangedAt < end && seen.Contains(c.DealId)
                      join to2 in db.Stages on c.ToStageId equals to2.Id
                      select new MoveRow
                      {
                          DealId = c.DealId, New = c.FromStageId == null, Kind = to2.Kind, To = to2.Position,
                          From = db.Stages.Where(x => x.Id == c.FromStageId).Select(x => (int?)x.Position).FirstOrDefault(),
                      };
        Task<int> Count(System.Linq.Expressions.Expression<Func<MoveRow, bool>> which) =>
            changes.Where(which).Select(x => x.DealId).Distinct().CountAsync(ct);
        return new FunnelMoves(await Count(x => x.New), await Count(x => !x.New && x.Kind == StageKind.Open && x.To > x.From),
            await Count(x => !x.New && x.Kind == StageKind.Open && x.To < x.From), await Count(x => x.Kind == StageKind.Won),
            await Count(x => x.Kind == StageKind.Lost));
    }

    private sealed class MoveRow
    {
        public int DealId { get; init; }
        public bool New { get; init; }
        public StageKind Kind { get; init; }
        public int To { get; init; }
        public int? From { get; init; }
    }
}
