using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;

namespace Voronka.Core.Features.Reports;

/// <summary>The query of the dashboard's charts.</summary>
public sealed record DashboardChartsQuery
{
    /// <summary>The period of the plan against fact per manager: month (default), quarter or year.</summary>
    public string? Period { get; init; }
}

/// <summary>The dashboard's charts for the actor: won revenue against the pace line to the goal (month and quarter),
/// plan against fact per manager, the open funnel by stage, calls and meetings per working day of the last four
/// weeks, and the forecast against the goal (month and quarter). A senior sees the team, a manager self.</summary>
/// <param name="Today">The organisation's day the charts are drawn on.</param>
/// <param name="Scope">Whose goal the pace and forecast charts follow: Organisation, Team or Manager.</param>
/// <param name="ScopeName">The name of that organisation, team or person.</param>
/// <param name="Pace">The current month and quarter, in that order.</param>
/// <param name="PlanFact">Plan against fact per manager for the period asked.</param>
/// <param name="Funnel">Open deals per stage of the default pipeline.</param>
/// <param name="Activity">Calls and meetings per working day.</param>
/// <param name="Forecast">The current month and quarter, in that order.</param>
public sealed record DashboardChartsResponse(
    DateOnly Today, string Scope, string ScopeName, IReadOnlyList<PaceChart> Pace, PlanFactChart PlanFact, FunnelChart Funnel,
    ActivityChart Activity, IReadOnlyList<ForecastChart> Forecast);

/// <summary>Won revenue of a period, day by day, against the straight pace line to the goal.</summary>
/// <param name="Kind">Month or Quarter.</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="GoalId">The goal the line leads to; null without one.</param>
/// <param name="Target">The goal's revenue target; null without a goal.</param>
/// <param name="WorkingDays">The working days of the period.</param>
/// <param name="Days">Every calendar day of the period.</param>
public sealed record PaceChart(
    PeriodKind Kind, DateOnly From, DateOnly To, int? GoalId, decimal? Target, int WorkingDays, IReadOnlyList<PaceDay> Days);

/// <summary>One day of a <see cref="PaceChart"/>, both figures at the end of the day.</summary>
/// <param name="Day">The organisation's calendar day.</param>
/// <param name="IsWorkingDay">Whether it is a working day of the organisation's calendar.</param>
/// <param name="Won">Won revenue of the deals closed from the period's start to this day; null for days still to come.</param>
/// <param name="Goal">The pace line: target × working days up to this day ÷ working days of the period; null without a goal.</param>
public sealed record PaceDay(DateOnly Day, bool IsWorkingDay, decimal? Won, decimal? Goal);

/// <summary>Each seller's goal for the period against the revenue won in it, most won first.</summary>
/// <param name="Kind">Month, Quarter or Year.</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="People">The active managers and seniors the actor sees.</param>
public sealed record PlanFactChart(PeriodKind Kind, DateOnly From, DateOnly To, IReadOnlyList<PlanFactPerson> People);

/// <summary>One seller in a <see cref="PlanFactChart"/>.</summary>
/// <param name="UserId">The seller.</param>
/// <param name="Name">The seller's full name.</param>
/// <param name="Team">The seller's team, if any.</param>
/// <param name="Target">The seller's own goal for the period; null without one.</param>
/// <param name="Won">Revenue of the seller's deals won in the period.</param>
/// <param name="WonDeals">How many deals that is.</param>
/// <param name="Percent">Won against the target, in percent with one decimal; null without a target.</param>
public sealed record PlanFactPerson(int UserId, string Name, string? Team, decimal? Target, decimal Won, int WonDeals, decimal? Percent);

/// <summary>The open deals the actor sees in each open stage of the default pipeline, in the pipeline's order.</summary>
/// <param name="PipelineId">The default pipeline.</param>
/// <param name="Pipeline">Its name.</param>
/// <param name="Stages">Every open stage, with or without deals.</param>
public sealed record FunnelChart(int PipelineId, string Pipeline, IReadOnlyList<FunnelStageBar> Stages);

/// <summary>One stage of a <see cref="FunnelChart"/>.</summary>
/// <param name="StageId">The stage.</param>
/// <param name="Stage">Its name.</param>
/// <param name="Probability">The stage's probability of winning, in percent.</param>
/// <param name="Deals">Open deals standing in it.</param>
/// <param name="Amount">Their amount.</param>
/// <param name="Weighted">Their amount × the stage's probability.</param>
public sealed record FunnelStageBar(int StageId, string Stage, int Probability, int Deals, decimal Amount, decimal Weighted);

/// <summary>Calls and meetings of the sellers the actor sees, per working day of the last four weeks (28 days to today).</summary>
/// <param name="From">The first day of the four weeks.</param>
/// <param name="To">Today.</param>
/// <param name="Days">The working days of [From, To], oldest first.</param>
public sealed record ActivityChart(DateOnly From, DateOnly To, IReadOnlyList<ActivityChartDay> Days);

/// <summary>One working day of an <see cref="ActivityChart"/>.</summary>
/// <param name="Day">The organisation's calendar day.</param>
/// <param name="Calls">Calls logged on it.</param>
/// <param name="Meetings">Meetings logged on it.</param>
public sealed record ActivityChartDay(DateOnly Day, int Calls, int Meetings);

/// <summary>What the period is likely to bring against its goal: the revenue won in it, and the open deals expected to
/// close in it weighted by their stage's probability.</summary>
/// <param name="Kind">Month or Quarter.</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="GoalId">The goal; null without one.</param>
/// <param name="Target">The goal's revenue target; null without a goal.</param>
/// <param name="Won">Revenue won in the period (as the dashboard's goal progress).</param>
/// <param name="WonDeals">How many deals that is.</param>
/// <param name="OpenDeals">Open deals whose expected close date falls in the period.</param>
/// <param name="OpenAmount">Their amount.</param>
/// <param name="Weighted">Their amount × their stage's probability.</param>
/// <param name="Forecast">Won + weighted.</param>
/// <param name="Gap">What won and weighted leave of the target (never below zero); null without a goal.</param>
/// <param name="CoveragePercent">(Won + weighted) × 100 ÷ target, one decimal; null without a goal.</param>
public sealed record ForecastChart(
    PeriodKind Kind, DateOnly From, DateOnly To, int? GoalId, decimal? Target, decimal Won, int WonDeals, int OpenDeals, decimal OpenAmount,
    decimal Weighted, decimal Forecast, decimal? Gap, decimal? CoveragePercent);

/// <summary>The figures behind the dashboard's charts, grouped in the database from the kept daily sales and
/// activities and from the open deals; whose goal and what deals as on the dashboard.</summary>
public sealed class DashboardChartsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The periods the plan against fact per manager may be drawn for.</summary>
    public static readonly string[] Periods = ["month", "quarter", "year"];

    /// <summary>The days of activity the chart looks back over, today included.</summary>
    public const int ActivityDays = 28;

    public async Task<DashboardChartsResponse> GetAsync(Actor actor, DashboardChartsQuery q, CancellationToken ct = default)
    {
        var kind = ParsePeriod(q.Period);
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var scope = await AccessScope.ForAsync(db, actor, ct);

        // Whose goal and which target, as on the dashboard.
        var who = await DashboardSubject.ForAsync(db, actor, ct);
        var (subject, scopeName, group) = (who.Scope, who.Name, who.Group);
        var periods = new[] { PeriodKind.Month, PeriodKind.Quarter }.Select(k => Period.Containing(k, today)).ToList();
        var activityFrom = today.AddDays(1 - ActivityDays);
        var from = activityFrom < periods[1].Start ? activityFrom : periods[1].Start;
        var (calendar, _) = await CalendarService.LoadAsync(db, from, periods[1].End, ct);

        var pace = new List<PaceChart>();
        var forecast = new List<ForecastChart>();
        foreach (var p in periods)
        {
            var (goalId, targetMinor, _) = await who.TargetAsync(db, p, ct);
            decimal? target = targetMinor is long tm ? Money.FromMinor(tm) : null;
            pace.Add(await PaceAsync(db, group, p, today, zone, calendar, goalId, target, ct));
            forecast.Add(await ForecastAsync(db, group.Deals(scope.Deals()), group, p, zone, goalId, target, ct));
        }

        return new DashboardChartsResponse(today, subject.ToString(), scopeName, pace,
            await PlanFactAsync(db, actor, scope, Period.Containing(kind, today), ct),
            await FunnelAsync(db, scope, ct),
            await ActivityAsync(db, actor, activityFrom, today, calendar, ct),
            forecast);
    }

    private static PeriodKind ParsePeriod(string? period) => (period ?? "month").Trim().ToLowerInvariant() switch
    {
        "month" => PeriodKind.Month,
        "quarter" => PeriodKind.Quarter,
        "year" => PeriodKind.Year,
        _ => throw new ValidationFailedException(
            new Dictionary<string, string[]> { ["period"] = ["must be month, quarter or year."] }, null,
            new Dictionary<string, object?> { ["allowed"] = Periods }),
    };

    /// <summary>The running sum of won revenue to today (the dashboard's won revenue, day by day) and the pace line.</summary>
    private static async Task<PaceChart> PaceAsync(VoronkaDbContext db, PlanGroup group, Period p, DateOnly today, TimeZoneInfo zone,
        WorkCalendar calendar, int? goalId, decimal? target, CancellationToken ct)
    {
        var through = today < p.End ? today : p.End;
        var perDay = (await group.WonPerDayAsync(db, p.Start, through, zone, ct))
            .ToDictionary(x => x.Key, x => Money.FromMinor(x.Value.Sum));
        var won = ChartMath.Cumulative(p.Start, through, perDay);
        var line = target is decimal t ? ChartMath.PaceLine(t, calendar, p.Start, p.End) : null;
        var days = new List<PaceDay>();
        for (var (d, i) = (p.Start, 0); d <= p.End; d = d.AddDays(1), i++)
            days.Add(new PaceDay(d, calendar.IsWorkingDay(d), i < won.Count ? won[i] : null, line?[i]));
        return new PaceChart(p.Kind, p.Start, p.End, goalId, target, calendar.WorkingDays(p.Start, p.End), days);
    }

    /// <summary>Won in the period plus the open deals of the goal's subject expected to close in it, weighted.</summary>
    private static async Task<ForecastChart> ForecastAsync(VoronkaDbContext db, IQueryable<Deals.Deal> deals, PlanGroup group, Period p,
        TimeZoneInfo zone, int? goalId, decimal? target, CancellationToken ct)
    {
        var (wonMinor, wonDeals) = await group.WonOnDaysAsync(db, p.Start, p.End, zone, ct);
        var (start, end) = (p.Start, p.End);
        var open = await deals.Where(d => d.ClosedAt == null && d.ExpectedCloseDate >= start && d.ExpectedCloseDate <= end)
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d.AmountMinor, s.Probability })
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Sum = g.Sum(x => x.AmountMinor), Weighted = g.Sum(x => x.AmountMinor * x.Probability) })
            .FirstOrDefaultAsync(ct);
        var won = Money.FromMinor(wonMinor);
        var weighted = Money.FromMinor(ChartMath.WeightedMinor(open?.Weighted ?? 0));
        return new ForecastChart(p.Kind, p.Start, p.End, goalId, target, won, wonDeals, open?.Count ?? 0, Money.FromMinor(open?.Sum ?? 0),
            weighted, won + weighted, ChartMath.Gap(won, weighted, target), ChartMath.CoveragePercent(won, weighted, target));
    }

    /// <summary>Each seller's own goal for the period and the revenue won in it, from the kept daily sales.</summary>
    private static async Task<PlanFactChart> PlanFactAsync(
        VoronkaDbContext db, Actor actor, AccessScope scope, Period p, CancellationToken ct)
    {
        // The sellers of the dashboard's sales per manager: active managers and seniors, those in scope unless the director.
        var sellers = db.Users.Where(u => u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior));
        var visible = scope.Owners.ToArray();
        if (!actor.IsDirector) sellers = sellers.Where(u => visible.Contains(u.Id));
        var people = await sellers.OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var ids = people.Select(x => x.Id).ToArray();
        var (start, end) = (p.Start, p.End);
        var sales = await db.SalesDays.Where(c => ids.Contains(c.OwnerId) && c.Day >= start && c.Day <= end)
            .GroupBy(c => c.OwnerId).Select(g => new { g.Key, Count = g.Sum(c => c.Count), Sum = g.Sum(c => c.AmountMinor) })
            .ToDictionaryAsync(x => x.Key, ct);
        var keys = ids.Select(i => Goal.KeyOf(GoalScope.Manager, i)).ToArray();
        var kind = p.Kind;
        var targets = await db.Goals.Where(g => keys.Contains(g.SubjectKey) && g.PeriodKind == kind && g.PeriodStart == start)
            .Select(g => new { g.SubjectKey, g.TargetMinor }).ToDictionaryAsync(g => g.SubjectKey, g => g.TargetMinor, ct);
        var rows = people.Select(x =>
        {
            var s = sales.GetValueOrDefault(x.Id);
            decimal? target = targets.TryGetValue(Goal.KeyOf(GoalScope.Manager, x.Id), out var t) ? Money.FromMinor(t) : null;
            var won = Money.FromMinor(s?.Sum ?? 0);
            return new PlanFactPerson(x.Id, x.FullName, x.Team, target, won, s?.Count ?? 0, Pace.Percent(won, target));
        }).OrderByDescending(x => x.Won).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        return new PlanFactChart(p.Kind, p.Start, p.End, rows);
    }

    /// <summary>Open deals in scope per open stage of the default pipeline, counted and summed in the database.</summary>
    private static async Task<FunnelChart> FunnelAsync(VoronkaDbContext db, AccessScope scope, CancellationToken ct)
    {
        var (pipelineId, name, stages) = await PlanGroup.PipelineAsync(db, null, ct);
        var stageIds = stages.Select(s => s.Id).ToArray();
        var probability = await db.Stages.Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Probability, ct);
        var rows = await scope.Deals().Where(d => d.ClosedAt == null && stageIds.Contains(d.StageId))
            .GroupBy(d => d.StageId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) })
            .ToDictionaryAsync(x => x.Key, ct);
        return new FunnelChart(pipelineId, name, stages.Select(s =>
        {
            var r = rows.GetValueOrDefault(s.Id);
            var sum = r?.Sum ?? 0;
            return new FunnelStageBar(s.Id, s.Name, probability[s.Id], r?.Count ?? 0, Money.FromMinor(sum),
                Money.FromMinor(ChartMath.WeightedMinor(sum * probability[s.Id])));
        }).ToList());
    }

    /// <summary>Calls and meetings per working day, from the kept activities per person, type and day of the sellers
    /// the actor sees (as the activity report).</summary>
    private static async Task<ActivityChart> ActivityAsync(
        VoronkaDbContext db, Actor actor, DateOnly from, DateOnly to, WorkCalendar calendar, CancellationToken ct)
    {
        var ids = await KpiService.VisibleSellersAsync(db, actor, ct);
        var cells = await db.ActivityDays
            .Where(c => ids.Contains(c.UserId) && c.Day >= from && c.Day <= to)
            .Where(c => c.Type == ActivityType.Call || c.Type == ActivityType.Meeting)
            .GroupBy(c => new { c.Day, c.Type }).Select(g => new { g.Key.Day, g.Key.Type, Count = g.Sum(c => c.Count) })
            .ToListAsync(ct);
        var days = new List<ActivityChartDay>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (!calendar.IsWorkingDay(d)) continue;
            int Of(ActivityType type) => cells.Where(c => c.Day == d && c.Type == type).Sum(c => c.Count);
            days.Add(new ActivityChartDay(d, Of(ActivityType.Call), Of(ActivityType.Meeting)));
        }
        return new ActivityChart(from, to, days);
    }
}
