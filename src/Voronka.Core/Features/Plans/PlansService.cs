using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Plans;

public sealed record DecompositionQuery
{
    /// <summary>The manager; or one of <see cref="TeamId"/>, <see cref="RegionId"/>, <see cref="ProductId"/>; none of them: the organisation.</summary>
    public int? UserId { get; init; }
    public int? TeamId { get; init; }
    public int? RegionId { get; init; }
    public int? ProductId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? PipelineId { get; init; }
    /// <summary>A target to plan instead of the goal ("what if").</summary>
    public decimal? Target { get; init; }
    /// <summary>How many months of history the rates come from (3–36, 12 by default).</summary>
    public int? BasisMonths { get; init; }
    /// <summary>The plan for the whole period as at its start (nothing achieved yet, every working day ahead)
    /// instead of what is left from today.</summary>
    public bool? Whole { get; init; }
}

public sealed record AverageDealQuery
{
    /// <summary>manager, team, region, product, company, month or quarter.</summary>
    public string? By { get; init; }
    /// <summary>Deals won from this day (a year back by default) …</summary>
    public DateOnly? From { get; init; }
    /// <summary>… to this day, both included (today by default).</summary>
    public DateOnly? To { get; init; }
}

/// <summary>One group of won deals: for a product, the deals that carry it, each with its amount.</summary>
public sealed record AverageDealRow(int? Id, string Name, DateOnly? PeriodStart, int Won, decimal Sum, decimal Average);

public sealed record AverageDealReport(string By, DateOnly From, DateOnly To, IReadOnlyList<AverageDealRow> Rows, AverageDealRow Total);

public sealed record PlanSubjectResponse(GoalScope Scope, int? Id, string Name);

public sealed record AverageDealResponse(decimal Value, decimal SumOwn, int WonOwn, decimal Comparison, int WonComparison, decimal OwnWeight);

/// <summary>One stage of the plan: the conversion used (own history blended with the comparison group's) and the deals
/// needed, per working day left exactly (<see cref="PerDay"/>) and in whole deals, rounded up (<see cref="PerDayWhole"/>).</summary>
public sealed record StagePlanResponse(
    int StageId, string Stage, decimal Rate, int Advanced, int Decided, decimal ComparisonRate, int ComparisonAdvanced, int ComparisonDecided,
    decimal OwnWeight, int DealsNeeded, decimal PerDay, int PerDayWhole);

/// <summary>One activity at one stage (null stage: prospecting before a deal exists): activities per deal that moved on,
/// and the count needed, per working day left exactly and in whole ones, rounded up.</summary>
public sealed record ActivityPlanResponse(
    ActivityType Type, int? StageId, string? Stage, decimal PerDeal, int Activities, int Deals, decimal ComparisonPerDeal, int ComparisonActivities,
    int ComparisonDeals, decimal OwnWeight, int Needed, decimal PerDay, int PerDayWhole);

/// <summary>All of one activity needed: in total, per working day left exactly (12.91) and in whole ones, rounded up (13).</summary>
public sealed record ActivityTotalResponse(ActivityType Type, int Needed, decimal PerDay, int PerDayWhole);

/// <summary>Working days of the period for the subject: all, gone (before today) and left (from today). <see cref="PeriodOver"/>
/// is true once the period's last day has passed.</summary>
public sealed record WorkingDaysSummary(int Total, int Elapsed, int Left, bool PeriodOver);

public sealed record DecompositionResponse(
    PlanSubjectResponse Subject,
    PlanSubjectResponse Comparison,
    DateOnly From, DateOnly To, DateOnly Today,
    int PipelineId, string Pipeline,
    DateOnly BasisFrom, DateOnly BasisTo,
    string TargetSource, int? GoalId,
    decimal Target, decimal Achieved, decimal Left, int WonSoFar,
    AverageDealResponse AverageDeal,
    int WonDealsNeeded, bool Reachable,
    IReadOnlyList<StagePlanResponse> Stages,
    IReadOnlyList<ActivityPlanResponse> Activities,
    IReadOnlyList<ActivityTotalResponse> Totals,
    WorkingDaysSummary WorkingDays);

/// <summary>
/// Turns a goal into the deals, meetings, proposals and calls it takes, from the subject's own history blended with
/// its team's (docs/adr/0007-plan-arithmetic.md, docs/adr/0009-plan-evidence-from-stage-history.md). Every rate comes back with its sample.
/// </summary>
public sealed class PlansService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<DecompositionResponse> DecompositionAsync(Actor actor, DecompositionQuery q, CancellationToken ct = default)
    {
        var v = new Validator();
        var subjects = new[] { q.UserId, q.TeamId, q.RegionId, q.ProductId }.Count(x => x is not null);
        v.Check(subjects <= 1, "userId", "give at most one of userId, teamId, regionId and productId.");
        v.Check(q.BasisMonths is null or (>= 3 and <= 36), "basisMonths", "must be between 3 and 36.");
        Money.Check(v, q.Target, "target");
        v.ThrowIfInvalid();
        var (from, to) = CalendarService.CheckRange(q.From, q.To);
        var (scope, id) = q switch
        {
            { UserId: int u } => (GoalScope.Manager, (int?)u),
            { TeamId: int t } => (GoalScope.Team, t),
            { RegionId: int r } => (GoalScope.Region, r),
            { ProductId: int p } => (GoalScope.Product, p),
            _ => (GoalScope.Organisation, (int?)null),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await PlanGroup.RequireVisibleAsync(db, actor, scope, id, ct);
        if (scope == GoalScope.Manager && !await db.Users.AnyAsync(u => u.Id == id && (u.Role == UserRole.Manager || u.Role == UserRole.Senior), ct))
            throw ValidationFailedException.For("userId", "is not a user who sells.");
        var name = await SubjectNameAsync(db, scope, id, ct) ?? throw new NotFoundException(scope.ToString(), id ?? 0);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OrgTime.Today(now, zone);
        var (pipelineId, pipelineName, stages) = await PlanGroup.PipelineAsync(db, q.PipelineId, ct);

        var subject = await PlanGroup.ForAsync(db, scope, id, ct);
        var comparison = await PlanGroup.ComparisonAsync(db, subject, ct);
        var basisTo = today;
        var basisFrom = today.AddMonths(-(q.BasisMonths ?? 12));
        var basisStart = OrgTime.StartOfDayUtc(basisFrom, zone);
        var basisEnd = OrgTime.StartOfDayUtc(basisTo, zone);
        var own = await subject.EvidenceAsync(db, stages, pipelineId, basisStart, basisEnd, ct);
        var team = comparison == subject ? own : await comparison.EvidenceAsync(db, stages, pipelineId, basisStart, basisEnd, ct);

        // The target: the goal of exactly this period, else the month goals inside it, else none (or the one asked for).
        long target;
        string source;
        int? goalId = null;
        var key = Goal.KeyOf(scope, id);
        if (q.Target is decimal t0) { target = Money.ToMinor(t0); source = "query"; }
        else if (await db.Goals.Where(g => g.SubjectKey == key && g.PeriodStart == from && g.PeriodEnd == to).Select(g => new { g.Id, g.TargetMinor }).FirstOrDefaultAsync(ct) is { } exact)
        {
            target = exact.TargetMinor; source = "goal"; goalId = exact.Id;
        }
        else
        {
            var months = await db.Goals.Where(g => g.SubjectKey == key && g.PeriodKind == PeriodKind.Month && g.PeriodStart >= from && g.PeriodEnd <= to)
                .Select(g => g.TargetMinor).ToListAsync(ct);
            target = months.Sum();
            source = months.Count > 0 ? "monthGoals" : "none";
        }
        var (periodStart, periodEnd) = OrgTime.Range(from, to, zone);
        var (achieved, wonSoFar) = q.Whole == true ? (0L, 0) : await subject.WonAsync(db, periodStart!.Value, periodEnd!.Value, ct);

        // Working days: the organisation's calendar; a manager's own absences and start date on top.
        var (calendar, away) = await CalendarService.LoadAsync(db, from, to, ct);
        var absences = scope == GoalScope.Manager ? away[id!.Value] : null;
        var start = from;
        if (scope == GoalScope.Manager)
        {
            var joined = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(await db.Users.Where(u => u.Id == id).Select(u => u.CreatedAt).FirstAsync(ct), zone));
            if (joined > start) start = joined;
        }
        var total = calendar.WorkingDays(start, to, absences);
        var planFrom = q.Whole == true ? start : today > start ? today : start;
        var left = q.Whole != true && today > to ? 0 : calendar.WorkingDays(planFrom, to, absences);

        // Rates: own history blended with the comparison group's in proportion to the sample.
        var stageRates = stages.Select((s, i) => new StageRate(s.Name, RateBlend.Blend(own.Advanced[i], own.Decided[i], team.StageRate(i)))).ToList();
        var ratios = new List<(ActivityType Type, int Stage, Rate Rate)>();
        foreach (var type in FunnelEvidence.PlannedActivities)
            for (var i = -1; i < stages.Count; i++)
            {
                if (own.Activities.GetValueOrDefault((type, i)) == 0 && team.Activities.GetValueOrDefault((type, i)) == 0) continue;
                ratios.Add((type, i, RateBlend.BlendRatio(own.Activities.GetValueOrDefault((type, i)), own.ActivityDeals(i), team.ActivityRatio(type, i))));
            }
        var average = team.WonCount == 0 && own.WonCount == 0 ? 0 : RateBlend.BlendAverage(own.WonSumMinor, own.WonCount, team.AverageDealMinor);
        var result = Decomposition.Compute(new DecompositionInput(target, achieved, average, own.WonCount, stageRates,
            ratios.Select(r => new ActivityRatio(r.Type.ToString(), r.Stage, r.Rate)).ToList(), left));

        var stagePlans = stages.Select((s, i) => new StagePlanResponse(s.Id, s.Name, Round(stageRates[i].ToNext.Value), own.Advanced[i], own.Decided[i],
            Round(team.StageRate(i)), team.Advanced[i], team.Decided[i], Round(stageRates[i].ToNext.OwnWeight), result.Stages[i].Deals,
            result.Stages[i].PerDay, PerWorkingDay.Whole(result.Stages[i].Deals, left))).ToList();
        var activityPlans = ratios.Select((r, j) => new ActivityPlanResponse(r.Type, r.Stage < 0 ? null : stages[r.Stage].Id, r.Stage < 0 ? null : stages[r.Stage].Name,
            Round(r.Rate.Value), r.Rate.Successes, r.Rate.Trials, Round(team.ActivityRatio(r.Type, r.Stage)), team.Activities.GetValueOrDefault((r.Type, r.Stage)),
            team.ActivityDeals(r.Stage), Round(r.Rate.OwnWeight), result.Activities[j].Count, result.Activities[j].PerDay,
            PerWorkingDay.Whole(result.Activities[j].Count, left))).ToList();
        var totals = FunnelEvidence.PlannedActivities.Select(type =>
        {
            var needed = activityPlans.Where(a => a.Type == type).Sum(a => a.Needed);
            return new ActivityTotalResponse(type, needed, PerWorkingDay.Exact(needed, left), PerWorkingDay.Whole(needed, left));
        }).ToList();
        return new DecompositionResponse(
            new PlanSubjectResponse(scope, id, name),
            new PlanSubjectResponse(comparison.Scope, comparison.Id, await SubjectNameAsync(db, comparison.Scope, comparison.Id, ct) ?? ""),
            from, to, today, pipelineId, pipelineName, basisFrom, basisTo.AddDays(-1), source, goalId,
            Money.FromMinor(target), Money.FromMinor(achieved), Money.FromMinor(result.LeftMinor), wonSoFar,
            new AverageDealResponse(Money.FromMinor(average), Money.FromMinor(own.WonSumMinor), own.WonCount, Money.FromMinor(team.AverageDealMinor), team.WonCount,
                Round(own.WonCount / (decimal)(own.WonCount + RateBlend.PriorStrength))),
            result.WonDeals, result.Reachable, stagePlans, activityPlans, totals, new WorkingDaysSummary(total, total - left, left, q.Whole != true && today > to));
    }

    /// <summary>The average won deal by one cut, over the deals the actor may see, aggregated in the database.</summary>
    public async Task<AverageDealReport> AverageDealAsync(Actor actor, AverageDealQuery q, CancellationToken ct = default)
    {
        var by = (q.By ?? "manager").Trim().ToLowerInvariant();
        string[] cuts = ["manager", "team", "region", "product", "company", "month", "quarter"];
        var v = new Validator();
        v.Check(cuts.Contains(by), "by", "must be manager, team, region, product, company, month or quarter.");
        v.ThrowIfInvalid();
        if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var (from, to) = CalendarService.CheckRange(q.From ?? today.AddYears(-1).AddDays(1), q.To ?? today);
        var (s, e) = OrgTime.Range(from, to, zone);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var won = scope.Deals().WonBetween(db, s!.Value, e!.Value);
        List<(int? Id, DateOnly? Period, int Won, long Sum)> rows;
        switch (by)
        {
            case "manager":
                rows = (await won.GroupBy(d => d.OwnerId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).ToListAsync(ct))
                    .Select(r => ((int?)r.Key, (DateOnly?)null, r.Count, r.Sum)).ToList();
                break;
            case "team":
                rows = (await won.Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new { u.TeamId, d.AmountMinor })
                        .GroupBy(x => x.TeamId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).ToListAsync(ct))
                    .Select(r => (r.Key, (DateOnly?)null, r.Count, r.Sum)).ToList();
                break;
            case "region":
                rows = (await won.GroupBy(d => d.RegionId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).ToListAsync(ct))
                    .Select(r => (r.Key, (DateOnly?)null, r.Count, r.Sum)).ToList();
                break;
            case "company":
                rows = (await won.GroupBy(d => d.CompanyId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) })
                        .OrderByDescending(g => g.Sum).Take(200).ToListAsync(ct))
                    .Select(r => (r.Key, (DateOnly?)null, r.Count, r.Sum)).ToList();
                break;
            case "product":
                // A deal counts once for each product it carries, with its amount: the product's revenue everywhere.
                rows = (await db.DealLines.Where(l => won.Any(d => d.Id == l.DealId)).Select(l => new { l.ProductId, l.DealId }).Distinct()
                        .Join(db.Deals, x => x.DealId, d => d.Id, (x, d) => new { x.ProductId, d.AmountMinor })
                        .GroupBy(x => x.ProductId).Select(g => new { g.Key, Count = g.Count(),
                            Sum = g.Sum(x => x.AmountMinor) }).ToListAsync(ct))
                    .Select(r => ((int?)r.Key, (DateOnly?)null, r.Count, r.Sum)).ToList();
                break;
            default:
                rows = [];
                var kind = by == "month" ? PeriodKind.Month : PeriodKind.Quarter;
                for (var p = Period.Containing(kind, from); p.Start <= to; p = Period.Containing(kind, p.End.AddDays(1)))
                {
                    var (ps, pe) = OrgTime.Range(p.Start < from ? from : p.Start, p.End > to ? to : p.End, zone);
                    var r = await won.Where(d => d.ClosedAt >= ps && d.ClosedAt < pe).GroupBy(_ => 1)
                        .Select(g => new { Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).FirstOrDefaultAsync(ct);
                    rows.Add((null, p.Start, r?.Count ?? 0, r?.Sum ?? 0));
                }
                break;
        }
        var ids = rows.Where(r => r.Id is not null).Select(r => r.Id!.Value).ToList();
        var names = by switch
        {
            "manager" => await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct),
            "team" => await db.Teams.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct),
            "region" => await db.Regions.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct),
            "product" => await db.Products.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct),
            "company" => await db.Companies.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct),
            _ => [],
        };
        static decimal Avg(long sum, int n) => n == 0 ? 0 : Money.FromMinor((long)decimal.Round(sum / (decimal)n, 0, MidpointRounding.AwayFromZero));
        var list = rows.Select(r => new AverageDealRow(r.Id, r.Id is int i ? names.GetValueOrDefault(i, "") : r.Period?.ToString("yyyy-MM") ?? "—",
                r.Period, r.Won, Money.FromMinor(r.Sum), Avg(r.Sum, r.Won)))
            .OrderBy(r => r.PeriodStart).ThenByDescending(r => r.Sum).ToList();
        var total = await won.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).FirstOrDefaultAsync(ct);
        return new AverageDealReport(by, from, to, list, new AverageDealRow(null, "", null, total?.Count ?? 0, Money.FromMinor(total?.Sum ?? 0), Avg(total?.Sum ?? 0, total?.Count ?? 0)));
    }

    private static decimal Round(decimal x) => decimal.Round(x, 4, MidpointRounding.AwayFromZero);

    internal static async Task<string?> SubjectNameAsync(VoronkaDbContext db, GoalScope scope, int? id, CancellationToken ct) => scope switch
    {
        GoalScope.Organisation => await db.Organisation.Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "Voronka",
        GoalScope.Team => await db.Teams.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(ct),
        GoalScope.Manager => await db.Users.Where(u => u.Id == id).Select(u => u.FullName).FirstOrDefaultAsync(ct),
        GoalScope.Region => await db.Regions.Where(r => r.Id == id).Select(r => r.Name).FirstOrDefaultAsync(ct),
        _ => await db.Products.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct),
    };
}
