using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Reports;

/// <summary>A goal against what is won so far. <see cref="Expected"/> is where the won revenue should stand by today
/// (the target × working days gone ÷ working days of the period). <see cref="TargetSource"/>: "goal" when the subject
/// has its own goal, "people" when it has none and the target adds up the goals of its people, null without either.
/// <see cref="ListUrl"/> lists the won deals counted (its total is <see cref="WonDeals"/>, their amounts add up to
/// <see cref="Achieved"/>).</summary>
public sealed record GoalProgress(PeriodKind Kind, DateOnly From, DateOnly To, int? GoalId, decimal? Target, decimal Achieved, int WonDeals,
    decimal? Percent, decimal? Expected, string? TargetSource, string ListUrl);

/// <summary>The open deals in scope; <see cref="ListUrl"/> lists them.</summary>
public sealed record FunnelNow(int Deals, decimal Amount, decimal Weighted, string ListUrl);

/// <summary>A seller's won deals of the month; <see cref="ListUrl"/> lists them.</summary>
public sealed record ManagerSales(int UserId, string Name, string? Team, int WonDeals, decimal Revenue, decimal? Target,
    decimal? Percent, string ListUrl);

/// <summary>The lists behind the counts of an activity window.</summary>
public sealed record ActivityLinks(string Calls, string Meetings, string Proposals, string Presales, string NewDeals);

public sealed record ActivityWindow(string Window, DateOnly From, DateOnly To, ActivityCounts Done, ActivityPlan? Plan,
    ActivityLinks Links);

/// <summary>What needs attention, each count with the list behind it.</summary>
public sealed record Attention(int OverdueTasks, int DealsWithoutNextTask, int RottingDeals,
    string OverdueTasksUrl, string DealsWithoutNextTaskUrl, string RottingDealsUrl);

/// <summary>The day-one picture: goals and progress, the funnel now, sales per manager this month, activity today,
/// this week and this month against plan, hot leads, and what needs attention. A senior sees the team, a manager self.</summary>
public sealed record DashboardResponse(
    DateOnly Today, string Scope, string ScopeName, IReadOnlyList<GoalProgress> Goals, FunnelNow Funnel, IReadOnlyList<ManagerSales> Sales,
    IReadOnlyList<ActivityWindow> Activity, IReadOnlyList<HotLead> HotLeads, Attention Attention, IReadOnlyList<string> Widgets);

/// <summary>The blocks of the dashboard this organisation shows.</summary>
public sealed record DashboardWidgetsRequest(IReadOnlyList<string>? Widgets);

public sealed class DashboardService(IDbContextFactory<VoronkaDbContext> dbFactory, ActivityReportService activity, HotLeadsService leads, TimeProvider clock)
{
    /// <summary>Every block the dashboard has, in its order.</summary>
    public static readonly string[] Widgets = ["goals", "funnel", "charts", "activity", "hotLeads", "attention", "leads", "sales"];

    /// <summary>Sets which blocks the organisation's dashboard shows (the director's choice).</summary>
    public async Task<IReadOnlyList<string>> SetWidgetsAsync(Actor actor, DashboardWidgetsRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var v = new Validator();
        v.Check(r.Widgets is not null, "widgets", "is required.");
        var wanted = r.Widgets ?? [];
        for (var i = 0; i < wanted.Count; i++) v.Check(Widgets.Contains(wanted[i]), $"widgets[{i}]", "is not one of the allowed values.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var org = await db.Organisation.FirstAsync(ct);
        org.DashboardHidden = string.Join(",", Widgets.Where(w => !wanted.Contains(w)));
        await db.SaveChangesAsync(ct);
        return Widgets.Where(wanted.Contains).ToList();
    }

    public async Task<DashboardResponse> GetAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OrgTime.Today(now, zone);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var hidden = (await db.Organisation.Select(o => o.DashboardHidden).FirstOrDefaultAsync(ct) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var shown = Widgets.Except(hidden).ToList();

        var who = await DashboardSubject.ForAsync(db, actor, ct);
        var (subject, id, scopeName, group) = (who.Scope, who.Id, who.Name, who.Group);
        var periods = new[] { PeriodKind.Year, PeriodKind.Quarter, PeriodKind.Month }.Select(k => Period.Containing(k, today)).ToList();
        var (calendar, _) = await CalendarService.LoadAsync(db, periods[0].Start, periods[0].End, ct);
        var goals = new List<GoalProgress>();
        (string, object?) whose = subject switch
        {
            GoalScope.Team => ("teamId", id),
            GoalScope.Manager => ("ownerId", id),
            _ => ("", null),
        };
        foreach (var p in periods)
        {
            var (goalId, targetMinor, source) = await who.TargetAsync(db, p, ct);
            var (won, count) = await group.WonOnDaysAsync(db, p.Start, p.End, zone, ct);
            var total = calendar.WorkingDays(p.Start, p.End);
            var gone = today <= p.Start ? 0 : calendar.WorkingDays(p.Start, today.AddDays(-1));
            decimal? target = targetMinor is long tm ? Money.FromMinor(tm) : null;
            var achieved = Money.FromMinor(won);
            goals.Add(new GoalProgress(p.Kind, p.Start, p.End, goalId, target, achieved, count,
                Pace.Percent(achieved, target), target is decimal tv ? Pace.Expected(tv, gone, total) : null,
                source,
                ListUrls.Of("deals", ("status", "won"), ("closedFrom", p.Start), ("closedTo", p.End), whose)));
        }

        // The funnel now: open deals in scope with their stage probability (amount × percent stays well inside 64 bits).
        var open = await scope.Deals().Where(d => d.ClosedAt == null)
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d.AmountMinor, s.Probability })
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Sum = g.Sum(x => x.AmountMinor), Weighted = g.Sum(x => x.AmountMinor * x.Probability) })
            .FirstOrDefaultAsync(ct);
        var funnel = new FunnelNow(open?.Count ?? 0, Money.FromMinor(open?.Sum ?? 0),
            Money.FromMinor((long)decimal.Round((open?.Weighted ?? 0) / 100m)),
            ListUrls.Of("deals", ("status", "open")));

        // Sales per manager this month, against each one's month goal.
        var month = periods[2];
        var people = await scope.Sellers().OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault() }).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToArray();
        var sales = await db.SalesDays.Where(c => ids.Contains(c.OwnerId) && c.Day >= month.Start && c.Day <= month.End)
            .GroupBy(c => c.OwnerId).Select(g => new { g.Key, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.AmountMinor) }).ToListAsync(ct);
        var keys = ids.Select(i => $"user:{i}").ToArray();
        var targets = await db.Goals.Where(g => keys.Contains(g.SubjectKey) && g.PeriodKind == PeriodKind.Month && g.PeriodStart == month.Start)
            .Select(g => new { g.UserId, g.TargetMinor }).ToListAsync(ct);
        var perManager = people.Select(p =>
        {
            var s = sales.FirstOrDefault(x => x.Key == p.Id);
            decimal? target = targets.FirstOrDefault(t => t.UserId == p.Id) is { } t ? Money.FromMinor(t.TargetMinor) : null;
            var revenue = Money.FromMinor(s?.Sum ?? 0);
            return new ManagerSales(p.Id, p.FullName, p.Team, s?.Count ?? 0, revenue, target, Pace.Percent(revenue, target),
                ListUrls.Of("deals", ("status", "won"), ("ownerId", p.Id), ("closedFrom", month.Start), ("closedTo", month.End)));
        }).OrderByDescending(m => m.Revenue).ToList();

        // Activity today, this week and this month, against the plans of the people in scope.
        var windows = new List<ActivityWindow>();
        // Blocks the organisation hides are not computed at all.
        if (shown.Contains("activity"))
        {
            var week = Period.Containing(PeriodKind.Week, today);
            (string Name, DateOnly From, DateOnly To)[] spans =
                [("today", today, today), ("week", week.Start, week.End), ("month", month.Start, month.End)];
            var reports = await activity.ReportsAsync(actor, spans
                .Select(w => new ActivityReportQuery { From = w.From, To = w.To, By = w.Name == "today" ? "day" : w.Name }).ToList(), ct);
            foreach (var (name, report) in spans.Select(w => w.Name).Zip(reports))
            {
                var plans = report.Rows.Where(r => r.Plan is not null).Select(r => r.Plan!).ToList();
                ActivityPlan? plan = plans.Count == 0 ? null : new ActivityPlan(plans.Sum(p => p.Calls ?? 0),
                    plans.Sum(p => p.Meetings ?? 0), plans.Sum(p => p.Proposals ?? 0), plans.Sum(p => p.Presales ?? 0),
                    plans.Sum(p => p.NewDeals ?? 0));
                string Of(string type) => ListUrls.Of("activities", ("sellers", true), ("type", type), ("from", report.From), ("to",
                    report.To));
                var links = new ActivityLinks(Of("Call"), Of("Meeting"), Of("Proposal"), Of("Presale"),
                    ListUrls.Of("deals", ("sellers", true), ("createdFrom", report.From), ("createdTo", report.To)));
                windows.Add(new ActivityWindow(name, report.From, report.To, report.Total, plan, links));
            }
        }

        var hot = shown.Contains("hotLeads") ? await leads.ListAsync(db, actor, new HotLeadsQuery { Take = 10 }, ct) : [];

        var openDeals = scope.Deals().Where(d => d.ClosedAt == null && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Open));
        var (withoutTask, rotting) = await AttentionAsync(db, openDeals, now, ct);
        // Overdue tasks of the people one sees, as the KPI board and each one's task list count them.
        var seen = scope.People().Select(u => u.Id);
        (string, object?) assignees = actor.Role switch
        {
            UserRole.Director => ("", null),
            UserRole.Senior when actor.TeamId is int team => ("teamId", team),
            _ => ("assigneeId", actor.UserId),
        };
        var overdue = await scope.Tasks()
            .CountAsync(t => t.Status == DealTaskStatus.Open && t.DueAt < now && seen.Contains(t.AssigneeId), ct);
        var attention = new Attention(overdue, withoutTask, rotting,
            ListUrls.Of("tasks", ("status", "overdue"), assignees), ListUrls.Of("deals", ("status", "open"), ("nextTask", "none")),
            ListUrls.Of("deals", ("status", "open"), ("rotting", true)));
        return new DashboardResponse(today, subject.ToString(), scopeName, goals, funnel, perManager, windows, hot, attention, shown);
    }

    /// <summary>Open deals without an open task, and those that have stood in their stage longer than the stage
    /// allows (<see cref="RottingDeals"/>), counted in one reading.</summary>
    internal static async Task<(int WithoutTask, int Rotting)> AttentionAsync(VoronkaDbContext db, IQueryable<Deals.Deal> openDeals, DateTime now, CancellationToken ct)
    {
        var rots = await RottingDeals.PredicateAsync(db, now, ct);
        var counts = await openDeals
            .Select(Predicates.With(rots, (Deals.Deal d, bool rotting) => new
            {
                NoTask = db.Tasks.Any(t => t.DealId == d.Id && t.Status == DealTaskStatus.Open) ? 0 : 1,
                Rotting = rotting ? 1 : 0,
            }))
            .GroupBy(_ => 1).Select(g => new { NoTask = g.Sum(x => x.NoTask), Rotting = g.Sum(x => x.Rotting) })
            .FirstOrDefaultAsync(ct);
        return (counts?.NoTask ?? 0, counts?.Rotting ?? 0);
    }
}
