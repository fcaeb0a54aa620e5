using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Plans;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Kpi;

public enum KpiUnit
{
    Money,
    Count,
    Percent,
    Minutes,
}

/// <summary>An indicator of the catalogue. A cumulative one adds up over the period (and has a pace); a level is a rate
/// or an average; a snapshot (overdue tasks, data filled) is the state now, whatever the period.</summary>
public sealed record KpiIndicatorResponse(KpiCode Code, int StageId, string? StageName, bool IsEnabled, int Position, bool Cumulative, bool LowerIsBetter, KpiUnit Unit, bool IsSnapshot = false);

public sealed record KpiSettingRequest(KpiCode? Code, int? StageId, bool? IsEnabled, int? Position);

public sealed record KpiCatalogRequest(IReadOnlyList<KpiSettingRequest>? Items);

public sealed record KpiPlanItem(int? UserId, KpiCode? Code, int? StageId, decimal? Value);

/// <summary>Plans of one period. An item with no value removes that plan.</summary>
public sealed record KpiPlansRequest(DateOnly? From, DateOnly? To, IReadOnlyList<KpiPlanItem>? Items);

public sealed record KpiPlanResponse(int UserId, string UserName, KpiCode Code, int StageId, DateOnly From, DateOnly To, decimal Value);

public sealed record KpiQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? TeamId { get; init; }
    public int? UserId { get; init; }
}

/// <summary>One indicator of one person. <see cref="Expected"/> is where a cumulative indicator should stand by
/// today; <see cref="Forecast"/> the end of the period at the pace kept; for revenue <see cref="WeightedForecast"/>
/// adds the open deals expected to close in the period at their stage probability, and <see cref="Chance"/> is the
/// probability that those deals bring what is left of the plan (null without a plan or with a zero plan).
/// <see cref="PacePercent"/> is null while nothing is due yet (<see cref="Expected"/> is 0). For a level,
/// <see cref="Sample"/> is what it is computed from (won deals for the average, closed deals for the win rate, deals
/// that left the stage, open deals); with none the level has no value and no percentage.</summary>
public sealed record KpiCell(
    KpiCode Code, int StageId, decimal? Plan, string? PlanSource, decimal Fact, decimal? Percent, decimal? Expected, decimal? PacePercent,
    decimal? Forecast, decimal? WeightedForecast, decimal? Chance, int? Sample = null);

public sealed record BonusResponse(decimal AtPace, decimal AtPlan, decimal RatePercent, decimal ThresholdPercent, bool ThresholdMetAtPace, decimal FactorAtPace);

public sealed record KpiRow(int? UserId, string Name, string? Team, int WorkingDays, int ElapsedDays, IReadOnlyList<KpiCell> Cells, BonusResponse? Bonus);

public sealed record KpiBoardResponse(DateOnly From, DateOnly To, DateOnly Today, IReadOnlyList<KpiIndicatorResponse> Indicators, IReadOnlyList<KpiRow> Rows, KpiRow Total);

public sealed record BonusMultiplierRequest(KpiCode? Code, decimal? MinPercent, decimal? FactorIfMet, decimal? FactorIfMissed);

public sealed record BonusSchemeRequest(bool? IsEnabled, decimal? RatePercent, decimal? ThresholdPercent, decimal? Cap, IReadOnlyList<BonusMultiplierRequest>? Multipliers, int? Version);

public sealed record BonusSchemeResponse(UserRole Role, bool IsEnabled, decimal RatePercent, decimal ThresholdPercent, decimal? Cap, IReadOnlyList<BonusMultiplier> Multipliers, int Version);

/// <summary>
/// Key indicators: the catalogue the director switches on, plans per person and period, and the board of plan,
/// fact, pace and forecast. Facts are aggregated in the database per person; a senior sees the team, a manager self.
/// </summary>
public sealed class KpiService(IDbContextFactory<VoronkaDbContext> dbFactory, PlansService plans, TimeProvider clock)
{
    private static readonly HashSet<KpiCode> OnByDefault =
        [KpiCode.Revenue, KpiCode.WonDeals, KpiCode.AverageDeal, KpiCode.WinRate, KpiCode.Calls, KpiCode.Meetings, KpiCode.Proposals, KpiCode.NewDeals, KpiCode.OverdueTasks];

    private static readonly HashSet<KpiCode> Levels =
    [
        KpiCode.AverageDeal, KpiCode.WinRate, KpiCode.StageConversion, KpiCode.DataFill, KpiCode.OverdueTasks, KpiCode.LeadAnswerMinutes,
        KpiCode.LeadsAnsweredIn15, KpiCode.FillQuality,
    ];

    private static bool LowerIsBetter(KpiCode c) => c is KpiCode.OverdueTasks or KpiCode.LeadAnswerMinutes;

    private static KpiUnit UnitOf(KpiCode c) => c switch
    {
        KpiCode.Revenue or KpiCode.AverageDeal => KpiUnit.Money,
        KpiCode.WinRate or KpiCode.StageConversion or KpiCode.DataFill or KpiCode.LeadsAnsweredIn15 or KpiCode.FillQuality
            => KpiUnit.Percent,
        KpiCode.TalkMinutes or KpiCode.LeadAnswerMinutes => KpiUnit.Minutes,
        _ => KpiUnit.Count,
    };

    // ---- catalogue ----

    /// <summary>Every indicator the system can measure (stage conversion once per open stage), with the director's choice.</summary>
    public async Task<IReadOnlyList<KpiIndicatorResponse>> CatalogAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CatalogAsync(db, ct);
    }

    private static async Task<List<KpiIndicatorResponse>> CatalogAsync(VoronkaDbContext db, CancellationToken ct)
    {
        var settings = await db.KpiSettings.ToListAsync(ct);
        var (_, _, stages) = await PlanGroup.PipelineAsync(db, null, ct);
        var all = Enum.GetValues<KpiCode>().Where(c => c != KpiCode.StageConversion).Select(c => (Code: c, StageId: 0, Stage: (string?)null))
            .Concat(stages.Select(s => (Code: KpiCode.StageConversion, StageId: s.Id, Stage: (string?)s.Name)));
        return all.Select((x, i) =>
            {
                var s = settings.FirstOrDefault(k => k.Code == x.Code && k.StageId == x.StageId);
                return new KpiIndicatorResponse(x.Code, x.StageId, x.Stage, s?.IsEnabled ?? OnByDefault.Contains(x.Code), s?.Position ?? i,
                    !Levels.Contains(x.Code), LowerIsBetter(x.Code), UnitOf(x.Code),
                    x.Code is KpiCode.OverdueTasks or KpiCode.DataFill or KpiCode.FillQuality);
            })
            .OrderBy(x => x.Position).ThenBy(x => x.Code).ThenBy(x => x.StageId).ToList();
    }

    public async Task<IReadOnlyList<KpiIndicatorResponse>> SetCatalogAsync(Actor actor, KpiCatalogRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var v = new Validator();
        v.Check(r.Items is not null, "items", "is required.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stages = (await PlanGroup.PipelineAsync(db, null, ct)).Stages.Select(s => s.Id).ToHashSet();
        var items = r.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            v.Check(it.Code is not null, $"items[{i}].code", "is required.");
            v.Check(it.IsEnabled is not null, $"items[{i}].isEnabled", "is required.");
            if (it.Code == KpiCode.StageConversion) v.Check(it.StageId is int s && stages.Contains(s), $"items[{i}].stageId", "must be an open stage of the main pipeline.");
            else v.Check(it.StageId is null or 0, $"items[{i}].stageId", "is only for stage conversion.");
        }
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var settings = await db.KpiSettings.ToListAsync(ct);
        foreach (var it in items)
        {
            var stageId = it.StageId ?? 0;
            var s = settings.FirstOrDefault(k => k.Code == it.Code && k.StageId == stageId);
            if (s is null) { db.KpiSettings.Add(s = new KpiSetting { Code = it.Code!.Value, StageId = stageId, Position = it.Position ?? 0 }); settings.Add(s); }
            s.IsEnabled = it.IsEnabled!.Value;
            if (it.Position is int p) s.Position = p;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await CatalogAsync(db, ct);
    }

    // ---- plans ----

    public async Task<IReadOnlyList<KpiPlanResponse>> ListPlansAsync(Actor actor, DateOnly? from, DateOnly? to, int? userId, CancellationToken ct = default)
    {
        var (f, t) = CalendarService.CheckRange(from, to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleSellersAsync(db, actor, ct);
        var q = db.KpiPlans.Where(p => p.PeriodStart == f && p.PeriodEnd == t && visible.Contains(p.UserId));
        if (userId is int u) q = q.Where(p => p.UserId == u);
        return await q.OrderBy(p => p.UserId).ThenBy(p => p.Code).ThenBy(p => p.StageId)
            .Select(p => new KpiPlanResponse(p.UserId, db.Users.Where(x => x.Id == p.UserId).Select(x => x.FullName).First(), p.Code, p.StageId, p.PeriodStart, p.PeriodEnd, p.Value))
            .ToListAsync(ct);
    }

    /// <summary>Sets plans of one period in one transaction: the director for anyone, a senior for the team.</summary>
    public async Task<IReadOnlyList<KpiPlanResponse>> SetPlansAsync(Actor actor, KpiPlansRequest r, CancellationToken ct = default)
    {
        var (f, t) = CalendarService.CheckRange(r.From, r.To);
        var v = new Validator();
        v.Check(r.Items is not null, "items", "is required.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var managed = await ManagedSellersAsync(db, actor, ct);
        var items = r.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            v.Check(it.UserId is int u && managed.Contains(u), $"items[{i}].userId", "is not a seller whose plans you keep.");
            v.Check(it.Code is not null, $"items[{i}].code", "is required.");
            v.Check(it.Value is null or >= 0 and <= 1_000_000_000_000m, $"items[{i}].value", "must be between 0 and 1 000 000 000 000.");
            if (it.Code is KpiCode.WinRate or KpiCode.StageConversion or KpiCode.DataFill or KpiCode.LeadsAnsweredIn15
                or KpiCode.FillQuality)
                v.Check(it.Value is null or <= 100, $"items[{i}].value", "a percentage is at most 100.");
            v.Check(it.Code == KpiCode.StageConversion ? it.StageId is > 0 : it.StageId is null or 0, $"items[{i}].stageId", "is needed for stage conversion only.");
        }
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director, or the senior for the team, may set plans.");
        v.ThrowIfInvalid();
        await SavePlansAsync(db, actor, f, t, items.Select(i => (i.UserId!.Value, i.Code!.Value, i.StageId ?? 0, i.Value)), true, ct);
        return await ListPlansAsync(actor, f, t, null, ct);
    }

    /// <summary>
    /// Fills the plans of a period from each seller's goal and decomposition (the whole period as at its start):
    /// won deals, average deal, new deals, calls, meetings, proposals and presales (revenue is the goal itself).
    /// Plans already set stay unless <paramref name="overwrite"/>.
    /// </summary>
    public async Task<IReadOnlyList<KpiPlanResponse>> FillFromDecompositionAsync(Actor actor, DateOnly? from, DateOnly? to, bool overwrite, CancellationToken ct = default)
    {
        var (f, t) = CalendarService.CheckRange(from, to);
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director, or the senior for the team, may set plans.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var managed = await ManagedSellersAsync(db, actor, ct);
        var items = new List<(int, KpiCode, int, decimal?)>();
        foreach (var user in managed)
        {
            var d = await plans.DecompositionAsync(actor, new DecompositionQuery { UserId = user, From = f, To = t, Whole = true }, ct);
            // Revenue is not stored: the board reads it from the goal itself.
            if (d.TargetSource == "none" || d.Target == 0 || !d.Reachable) continue;
            items.Add((user, KpiCode.WonDeals, 0, d.WonDealsNeeded));
            items.Add((user, KpiCode.AverageDeal, 0, d.AverageDeal.Value));
            if (d.Stages.Count > 0) items.Add((user, KpiCode.NewDeals, 0, d.Stages[0].DealsNeeded));
            foreach (var (type, code) in new[] { (ActivityType.Call, KpiCode.Calls), (ActivityType.Meeting, KpiCode.Meetings), (ActivityType.Proposal, KpiCode.Proposals), (ActivityType.Presale, KpiCode.Presales) })
                items.Add((user, code, 0, d.Totals.Single(x => x.Type == type).Needed));
        }
        await SavePlansAsync(db, actor, f, t, items, overwrite, ct);
        return await ListPlansAsync(actor, f, t, null, ct);
    }

    private async Task SavePlansAsync(VoronkaDbContext db, Actor actor, DateOnly f, DateOnly t, IEnumerable<(int User, KpiCode Code, int Stage, decimal? Value)> items, bool overwrite, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.KpiPlans.Where(p => p.PeriodStart == f && p.PeriodEnd == t).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (user, code, stage, value) in items)
        {
            var plan = existing.FirstOrDefault(p => p.UserId == user && p.Code == code && p.StageId == stage);
            if (value is null)
            {
                if (plan is not null) db.KpiPlans.Remove(plan);
                continue;
            }
            if (plan is null)
            {
                db.KpiPlans.Add(plan = new KpiPlan { UserId = user, Code = code, StageId = stage, PeriodStart = f, PeriodEnd = t });
                existing.Add(plan);
            }
            else if (!overwrite) continue;
            plan.Value = decimal.Round(value.Value, 2, MidpointRounding.AwayFromZero);
            plan.UpdatedAt = now;
            plan.UpdatedById = actor.UserId;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    // ---- bonus schemes ----

    public async Task<IReadOnlyList<BonusSchemeResponse>> BonusSchemesAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.BonusSchemes.ToListAsync(ct);
        return new[] { UserRole.Manager, UserRole.Senior }.Select(role => list.FirstOrDefault(s => s.Role == role) is { } s
            ? new BonusSchemeResponse(role, s.IsEnabled, s.RatePercent, s.ThresholdPercent, s.CapMinor is long c ? Money.FromMinor(c) : null, s.Multipliers, s.Version)
            : new BonusSchemeResponse(role, false, 0, 0, null, [], 0)).ToList();
    }

    public async Task<BonusSchemeResponse> SetBonusSchemeAsync(Actor actor, UserRole role, BonusSchemeRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var v = new Validator();
        v.Check(role is UserRole.Manager or UserRole.Senior, "role", "bonus schemes are for managers and seniors.");
        v.Check(r.IsEnabled is not null, "isEnabled", "is required.");
        v.Check(r.RatePercent is >= 0 and <= 100, "ratePercent", "must be between 0 and 100.");
        v.Check(r.ThresholdPercent is >= 0 and <= 1000, "thresholdPercent", "must be between 0 and 1000.");
        Money.Check(v, r.Cap, "cap");
        var multipliers = r.Multipliers ?? [];
        for (var i = 0; i < multipliers.Count; i++)
        {
            var m = multipliers[i];
            if (m.Code is null) v.Add($"multipliers[{i}].code", "is required.");
            else v.Check(m.Code is not (KpiCode.Revenue or KpiCode.StageConversion), $"multipliers[{i}].code", "revenue is the base; stage conversion cannot be a multiplier.");
            v.Check(m.MinPercent is >= 0 and <= 1000, $"multipliers[{i}].minPercent", "must be between 0 and 1000.");
            v.Check(m.FactorIfMet is >= 0 and <= 10, $"multipliers[{i}].factorIfMet", "must be between 0 and 10.");
            v.Check(m.FactorIfMissed is >= 0 and <= 10, $"multipliers[{i}].factorIfMissed", "must be between 0 and 10.");
        }
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.BonusSchemes.FirstOrDefaultAsync(x => x.Role == role, ct);
        if (s is null) db.BonusSchemes.Add(s = new BonusScheme { Role = role });
        else Versions.Check(db, s, r.Version, s.Version, "bonus scheme");
        s.IsEnabled = r.IsEnabled!.Value;
        s.RatePercent = r.RatePercent!.Value;
        s.ThresholdPercent = r.ThresholdPercent!.Value;
        s.CapMinor = r.Cap is decimal cap ? Money.ToMinor(cap) : null;
        s.Multipliers = multipliers.Select(m => new BonusMultiplier(m.Code!.Value, m.MinPercent!.Value, m.FactorIfMet!.Value, m.FactorIfMissed!.Value)).ToList();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("bonus scheme"); }
        return (await BonusSchemesAsync(actor, ct)).Single(x => x.Role == role);
    }

    // ---- the board ----

    public async Task<KpiBoardResponse> BoardAsync(Actor actor, KpiQuery q, CancellationToken ct = default)
    {
        var (from, to) = CalendarService.CheckRange(q.From, q.To);
        if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = OrgTime.Today(now, zone);
        var visible = await VisibleSellersAsync(db, actor, ct);
        var people = db.Users.Where(u => visible.Contains(u.Id));
        if (q.TeamId is int team) people = people.Where(u => u.TeamId == team);
        if (q.UserId is int one) people = people.Where(u => u.Id == one);
        var users = await people.OrderBy(u => u.TeamId).ThenBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, u.Role, u.CreatedAt, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToArray();
        var indicators = (await CatalogAsync(db, ct)).Where(i => i.IsEnabled).ToList();
        var facts = await FactsAsync(db, ids, from, to, now, zone, indicators, ct);

        // Plans: those set for the period; revenue falls back to the person's goal.
        var set = await db.KpiPlans.Where(p => p.PeriodStart == from && p.PeriodEnd == to && ids.Contains(p.UserId)).ToListAsync(ct);
        var goalKeys = ids.Select(i => $"user:{i}").ToArray();
        var goals = await db.Goals.Where(g => goalKeys.Contains(g.SubjectKey) && g.PeriodStart >= from && g.PeriodEnd <= to)
            .Select(g => new { g.UserId, g.PeriodKind, g.PeriodStart, g.PeriodEnd, g.TargetMinor }).ToListAsync(ct);
        var (calendar, away) = await CalendarService.LoadAsync(db, from, to, ct);
        var schemes = await db.BonusSchemes.Where(s => s.IsEnabled).ToListAsync(ct);

        // Open deals expected to close from today (or the period's start) to the period's end, for the weighted forecast
        // and the chance; deals whose expected date has passed are stale and count nowhere. A period that is over has none.
        var openFrom = today > from ? today : from;
        var open = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.ClosedAt == null && d.ExpectedCloseDate != null
                && d.ExpectedCloseDate >= openFrom && d.ExpectedCloseDate <= to)
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d.OwnerId, d.AmountMinor, s.Probability })
            .ToListAsync(ct);

        var rows = new List<KpiRow>();
        foreach (var u in users)
        {
            var joined = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(u.CreatedAt, zone));
            var start = joined > from ? joined : from;
            var total = calendar.WorkingDays(start, to, away[u.Id]);
            // Working days gone: those before today, so that gone + left (from today) = the period's working days.
            var elapsed = today <= start ? 0 : calendar.WorkingDays(start, today <= to ? today.AddDays(-1) : to, away[u.Id]);
            var cells = new List<KpiCell>();
            foreach (var ind in indicators)
            {
                var fact = facts.Get(u.Id, ind.Code, ind.StageId);
                // Revenue follows the person's goal while there is one, so a changed goal shows at once; other plans are stored.
                decimal? plan = null;
                string? source = null;
                if (ind.Code == KpiCode.Revenue)
                {
                    var exact = goals.FirstOrDefault(g => g.UserId == u.Id && g.PeriodStart == from && g.PeriodEnd == to);
                    var months = goals.Where(g => g.UserId == u.Id && g.PeriodKind == PeriodKind.Month).ToList();
                    if (exact is not null) { plan = Money.FromMinor(exact.TargetMinor); source = "goal"; }
                    else if (months.Count > 0) { plan = Money.FromMinor(months.Sum(g => g.TargetMinor)); source = "goal"; }
                }
                if (plan is null && set.FirstOrDefault(p => p.UserId == u.Id && p.Code == ind.Code && p.StageId == ind.StageId) is { } stored)
                {
                    plan = stored.Value;
                    source = "plan";
                }
                cells.Add(Cell(ind, plan, source, fact, facts.SampleOf(u.Id, ind.Code, ind.StageId), elapsed, total, ind.Code == KpiCode.Revenue ? open.Where(d => d.OwnerId == u.Id).Select(d => (d.AmountMinor, d.Probability / 100m)).ToList() : null));
            }
            BonusResponse? bonus = null;
            if (schemes.FirstOrDefault(s => s.Role == u.Role) is { } scheme && cells.FirstOrDefault(c => c.Code == KpiCode.Revenue) is { Plan: decimal revenuePlan } revenue)
            {
                var paceCompletion = cells.Where(c => c.Plan is > 0 && c.Code != KpiCode.StageConversion).ToDictionary(c => c.Code, c => Levels.Contains(c.Code) ? c.Percent ?? 0 : Pace.Percent(c.Forecast ?? c.Fact, c.Plan) ?? 0);
                var atPace = Bonus.Compute(scheme, Money.ToMinor(revenue.Forecast ?? revenue.Fact), Money.ToMinor(revenuePlan), paceCompletion);
                var atPlan = Bonus.Compute(scheme, Money.ToMinor(revenuePlan), Money.ToMinor(revenuePlan), cells.Where(c => c.Plan is > 0 && c.Code != KpiCode.StageConversion).ToDictionary(c => c.Code, _ => 100m));
                bonus = new BonusResponse(Money.FromMinor(atPace.AmountMinor), Money.FromMinor(atPlan.AmountMinor), scheme.RatePercent, scheme.ThresholdPercent, atPace.ThresholdMet, atPace.Factor);
            }
            rows.Add(new KpiRow(u.Id, u.FullName, u.Team, total, elapsed, cells, bonus));
        }

        // The total: sums of the people for counts and money; the rates recomputed from the summed parts.
        var orgTotal = calendar.WorkingDays(from, to);
        var orgElapsed = today <= from ? 0 : calendar.WorkingDays(from, today <= to ? today.AddDays(-1) : to);
        var totalCells = indicators.Select(ind =>
        {
            var cells = rows.Select(r => r.Cells.First(c => c.Code == ind.Code && c.StageId == ind.StageId)).ToList();
            var fact = facts.Total(ind.Code, ind.StageId);
            decimal? plan = ind.Code switch
            {
                _ when cells.All(c => c.Plan is null) => null,
                KpiCode.AverageDeal or KpiCode.WinRate or KpiCode.StageConversion or KpiCode.DataFill or KpiCode.LeadAnswerMinutes
                    or KpiCode.LeadsAnsweredIn15 or KpiCode.FillQuality => null,
                _ => cells.Sum(c => c.Plan ?? 0),
            };
            var cell = Cell(ind, plan, plan is null ? null : "sum", fact, facts.TotalSample(ind.Code, ind.StageId), orgElapsed, orgTotal, ind.Code == KpiCode.Revenue ? open.Select(d => (d.AmountMinor, d.Probability / 100m)).ToList() : null);
            // At the level of the whole, the forecast is the people's forecasts added up.
            return ind.Cumulative ? cell with { Forecast = cells.Sum(c => c.Forecast ?? c.Fact), WeightedForecast = ind.Code == KpiCode.Revenue ? cells.Sum(c => c.WeightedForecast ?? 0) : null } : cell;
        }).ToList();
        return new KpiBoardResponse(from, to, today, indicators, rows, new KpiRow(null, "", null, orgTotal, orgElapsed, totalCells, null));
    }

    private static KpiCell Cell(KpiIndicatorResponse ind, decimal? plan, string? source, decimal fact, int? sample, int elapsed, int total, List<(long, decimal)>? open)
    {
        if (!ind.Cumulative)
        {
            var percent = sample == 0 ? null : ind.LowerIsBetter ? Pace.PercentLowerIsBetter(fact, plan) : Pace.Percent(fact, plan);
            return new KpiCell(ind.Code, ind.StageId, plan, source, fact, percent, plan, percent, fact, null, null, sample);
        }
        var expected = plan is decimal p ? Pace.Expected(p, elapsed, total) : (decimal?)null;
        var forecast = Pace.RunRate(fact, elapsed, total);
        decimal? weighted = null, chance = null;
        if (ind.Code == KpiCode.Revenue && open is not null)
        {
            weighted = fact + Money.FromMinor((long)decimal.Round(open.Sum(d => d.Item1 * d.Item2), 0, MidpointRounding.AwayFromZero));
            // A zero plan is no goal to reach: a "100 %" chance of it would read as good news.
            if (plan is decimal rp && rp > 0) chance = GoalChance.Probability(Money.ToMinor(rp) - Money.ToMinor(fact), open);
        }
        return new KpiCell(ind.Code, ind.StageId, plan, source, fact, Pace.Percent(fact, plan), expected, expected is > 0 ? Pace.Percent(fact, expected) : null,
            forecast, weighted, chance);
    }

    private sealed class Facts
    {
        public Dictionary<(int User, KpiCode Code, int Stage), decimal> Values { get; } = [];
        public Dictionary<(KpiCode Code, int Stage), decimal> Totals { get; } = [];
        public decimal Get(int user, KpiCode code, int stage) => Values.GetValueOrDefault((user, code, stage));
        public decimal Total(KpiCode code, int stage) => Totals.GetValueOrDefault((code, stage));
        public Dictionary<(int User, KpiCode Code, int Stage), int> Samples { get; } = [];
        public Dictionary<(KpiCode Code, int Stage), int> TotalSamples { get; } = [];
        public int? SampleOf(int user, KpiCode code, int stage) => Levels.Contains(code) && code != KpiCode.OverdueTasks ? Samples.GetValueOrDefault((user, code, stage)) : null;
        public int? TotalSample(KpiCode code, int stage) => Levels.Contains(code) && code != KpiCode.OverdueTasks ? TotalSamples.GetValueOrDefault((code, stage)) : null;
        public void Sample(KpiCode code, int stage, IEnumerable<(int User, int N)> values)
        {
            var total = 0;
            foreach (var (u, n) in values) { Samples[(u, code, stage)] = n; total += n; }
            TotalSamples[(code, stage)] = total;
        }
    }

    private static decimal Share(long part, long whole) => whole == 0 ? 0 : decimal.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>Every enabled indicator's fact per person, each from one grouped query.</summary>
    private static async Task<Facts> FactsAsync(VoronkaDbContext db, int[] ids, DateOnly from, DateOnly to, DateTime now, TimeZoneInfo zone,
        List<KpiIndicatorResponse> indicators, CancellationToken ct)
    {
        var f = new Facts();
        var (s, e) = OrgTime.Range(from, to, zone);
        var codes = indicators.Select(i => i.Code).ToHashSet();
        void Put(KpiCode code, int stage, IEnumerable<(int User, decimal Value)> values, decimal total)
        {
            foreach (var (u, v) in values) f.Values[(u, code, stage)] = v;
            f.Totals[(code, stage)] = total;
        }

        if (codes.Overlaps([KpiCode.Revenue, KpiCode.WonDeals, KpiCode.AverageDeal, KpiCode.WinRate]))
        {
            var closed = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.ClosedAt >= s && d.ClosedAt < e)
                .Join(db.Stages, d => d.StageId, st => st.Id, (d, st) => new { d.OwnerId, d.AmountMinor, st.Kind })
                .GroupBy(x => new { x.OwnerId, x.Kind })
                .Select(g => new { g.Key.OwnerId, g.Key.Kind, Count = g.Count(), Sum = g.Sum(x => x.AmountMinor) })
                .ToListAsync(ct);
            var won = closed.Where(c => c.Kind == StageKind.Won).ToList();
            var lost = closed.Where(c => c.Kind == StageKind.Lost).ToList();
            Put(KpiCode.Revenue, 0, won.Select(w => (w.OwnerId, Money.FromMinor(w.Sum))), Money.FromMinor(won.Sum(w => w.Sum)));
            Put(KpiCode.WonDeals, 0, won.Select(w => (w.OwnerId, (decimal)w.Count)), won.Sum(w => w.Count));
            static decimal Avg(long sum, int n) => n == 0 ? 0 : Money.FromMinor((long)decimal.Round(sum / (decimal)n, 0, MidpointRounding.AwayFromZero));
            Put(KpiCode.AverageDeal, 0, won.Select(w => (w.OwnerId, Avg(w.Sum, w.Count))), Avg(won.Sum(w => w.Sum), won.Sum(w => w.Count)));
            f.Sample(KpiCode.AverageDeal, 0, won.Select(w => (w.OwnerId, w.Count)));
            f.Sample(KpiCode.WinRate, 0, ids.Select(u => (u, won.Where(w => w.OwnerId == u).Sum(w => w.Count) + lost.Where(l => l.OwnerId == u).Sum(l => l.Count))));
            Put(KpiCode.WinRate, 0, ids.Select(u => (u, Share(won.Where(w => w.OwnerId == u).Sum(w => w.Count),
                    won.Where(w => w.OwnerId == u).Sum(w => w.Count) + lost.Where(l => l.OwnerId == u).Sum(l => l.Count)))),
                Share(won.Sum(w => w.Count), won.Sum(w => w.Count) + lost.Sum(l => l.Count)));
        }

        var activityCodes = new Dictionary<KpiCode, ActivityType>
        {
            [KpiCode.Calls] = ActivityType.Call, [KpiCode.Meetings] = ActivityType.Meeting, [KpiCode.Proposals] = ActivityType.Proposal, [KpiCode.Presales] = ActivityType.Presale,
        };
        if (codes.Overlaps(activityCodes.Keys) || codes.Contains(KpiCode.TalkMinutes))
        {
            var acts = await db.Activities.Where(a => ids.Contains(a.UserId) && a.OccurredAt >= s && a.OccurredAt < e)
                .GroupBy(a => new { a.UserId, a.Type })
                .Select(g => new { g.Key.UserId, g.Key.Type, Count = g.Count(), Seconds = g.Sum(a => (long?)a.DurationSeconds) ?? 0 })
                .ToListAsync(ct);
            foreach (var (code, type) in activityCodes)
                Put(code, 0, acts.Where(a => a.Type == type).Select(a => (a.UserId, (decimal)a.Count)), acts.Where(a => a.Type == type).Sum(a => a.Count));
            var calls = acts.Where(a => a.Type == ActivityType.Call).ToList();
            Put(KpiCode.TalkMinutes, 0, calls.Select(a => (a.UserId, decimal.Round(a.Seconds / 60m, 1))), decimal.Round(calls.Sum(a => a.Seconds) / 60m, 1));
        }

        if (codes.Contains(KpiCode.NewDeals))
        {
            var created = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.CreatedAt >= s && d.CreatedAt < e)
                .GroupBy(d => d.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            Put(KpiCode.NewDeals, 0, created.Select(c => (c.Key, (decimal)c.Count)), created.Sum(c => c.Count));
        }

        if (codes.Contains(KpiCode.OverdueTasks))
        {
            var overdue = await db.Tasks.Where(t => ids.Contains(t.AssigneeId) && t.Status == DealTaskStatus.Open && t.DueAt < now)
                .GroupBy(t => t.AssigneeId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            Put(KpiCode.OverdueTasks, 0, overdue.Select(c => (c.Key, (decimal)c.Count)), overdue.Sum(c => c.Count));
        }

        if (codes.Contains(KpiCode.DataFill))
        {
            var fill = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.ClosedAt == null)
                .GroupBy(d => d.OwnerId)
                .Select(g => new
                {
                    g.Key,
                    All = g.Count(),
                    Filled = g.Count(d => d.CompanyId != null && d.ContactId != null && d.AmountMinor > 0 && d.ExpectedCloseDate != null && d.Source != null && d.Source != ""),
                })
                .ToListAsync(ct);
            f.Sample(KpiCode.DataFill, 0, fill.Select(x => (x.Key, x.All)));
            Put(KpiCode.DataFill, 0, ids.Select(u => (u, fill.FirstOrDefault(x => x.Key == u) is { } x ? Share(x.Filled, x.All) : 0m)), Share(fill.Sum(x => x.Filled), fill.Sum(x => x.All)));
        }

        if (codes.Contains(KpiCode.FillQuality))
        {
            // The fill-quality report's own score (one definition), as it stood at the period's end; people without open
            // deals have none to judge.
            var fill = await FillQuality.FillQualityService.ForPeriodAsync(db, ids, from, to, now, zone, ct);
            f.Sample(KpiCode.FillQuality, 0, fill.Select(x => (x.Key, x.Value.Open)));
            Put(KpiCode.FillQuality, 0, fill.Select(x => (x.Key, (decimal)(FillQuality.FillScore.Of(x.Value) ?? 0))),
                FillQuality.FillScore.Of(fill.Values.Aggregate(FillQuality.FillCounts.None, (a, c) => a.Plus(c))) ?? 0);
        }

        if (codes.Overlaps([KpiCode.LeadAnswerMinutes, KpiCode.LeadsAnsweredIn15]))
        {
            // The speed-to-lead report's own figures (one definition), per person and for everyone.
            var (people, all) = await Leads.LeadReports.AnswerFiguresAsync(db, ids, from, to, zone, ct);
            f.Sample(KpiCode.LeadAnswerMinutes, 0, people.Select(p => (p.Key, p.Value.Leads)));
            f.Sample(KpiCode.LeadsAnsweredIn15, 0, people.Select(p => (p.Key, p.Value.Leads)));
            Put(KpiCode.LeadAnswerMinutes, 0, people.Select(p => (p.Key, p.Value.MedianMinutes ?? 0)), all.MedianMinutes ?? 0);
            Put(KpiCode.LeadsAnsweredIn15, 0, people.Select(p => (p.Key, decimal.Round((p.Value.Under15 ?? 0) * 100, 1))),
                decimal.Round((all.Under15 ?? 0) * 100, 1));
        }

        if (codes.Contains(KpiCode.CallsReviewed))
        {
            var released = await Reviews.ReviewRoutine.ReleasedAsync(db, ids, s!.Value, e!.Value, ct);
            Put(KpiCode.CallsReviewed, 0, released.GroupBy(r => r.ReviewerId).Select(g => (g.Key, (decimal)g.Sum(x => x.Count))),
                released.Sum(r => r.Count));
        }

        foreach (var ind in indicators.Where(i => i.Code == KpiCode.StageConversion))
        {
            var stageId = ind.StageId;
            var position = await db.Stages.Where(x => x.Id == stageId).Select(x => x.Position).FirstAsync(ct);
            // Deals that left the stage in the period, and whether they moved forward (a later open stage or won).
            var left = await db.DealStageChanges.Where(c => c.FromStageId == stageId && c.ChangedAt >= s && c.ChangedAt < e)
                .Join(db.Deals.Where(d => ids.Contains(d.OwnerId)), c => c.DealId, d => d.Id, (c, d) => new { c.ToStageId, d.OwnerId })
                .Join(db.Stages, x => x.ToStageId, st => st.Id, (x, st) => new { x.OwnerId, Forward = st.Kind == StageKind.Won || (st.Kind == StageKind.Open && st.Position > position) })
                .GroupBy(x => new { x.OwnerId, x.Forward }).Select(g => new { g.Key.OwnerId, g.Key.Forward, Count = g.Count() })
                .ToListAsync(ct);
            f.Sample(KpiCode.StageConversion, stageId, ids.Select(u => (u, left.Where(l => l.OwnerId == u).Sum(l => l.Count))));
            Put(KpiCode.StageConversion, stageId,
                ids.Select(u => (u, Share(left.Where(l => l.OwnerId == u && l.Forward).Sum(l => l.Count), left.Where(l => l.OwnerId == u).Sum(l => l.Count)))),
                Share(left.Where(l => l.Forward).Sum(l => l.Count), left.Sum(l => l.Count)));
        }
        return f;
    }

    /// <summary>The sellers the actor sees (<see cref="AccessScope.Sellers"/>).</summary>
    internal static async Task<int[]> VisibleSellersAsync(VoronkaDbContext db, Actor actor, CancellationToken ct) =>
        await (await AccessScope.ForAsync(db, actor, ct)).Sellers().Select(u => u.Id).ToArrayAsync(ct);

    /// <summary>Sellers whose plans the actor keeps: all for the director, the team (not self) for a senior.</summary>
    private static async Task<int[]> ManagedSellersAsync(VoronkaDbContext db, Actor actor, CancellationToken ct)
    {
        var visible = await VisibleSellersAsync(db, actor, ct);
        return actor.Role switch
        {
            UserRole.Director => visible,
            UserRole.Senior => visible.Where(u => u != actor.UserId).ToArray(),
            _ => [],
        };
    }
}
