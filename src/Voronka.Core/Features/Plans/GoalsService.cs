using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Calendar;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Plans;

public enum SplitMethod
{
    /// <summary>Everyone gets the same.</summary>
    Equal,
    /// <summary>By each child's won revenue in the 12 months before the period.</summary>
    PastShare,
    /// <summary>By working days: people's days in the period less their absences, or the working days of each month.</summary>
    WorkingDays,
    /// <summary>Months or quarters by the revenue of the same months in past years.</summary>
    Seasonality,
}

public sealed record GoalQuery
{
    /// <summary>Goals whose period overlaps [from, to]; the current year when both are missing.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public PeriodKind? PeriodKind { get; init; }
    public GoalScope? Scope { get; init; }
    public int? UserId { get; init; }
}

public sealed record GoalRequest(PeriodKind? PeriodKind, DateOnly? PeriodStart, GoalScope? Scope, int? SubjectId, decimal? Target, int? TargetWonDeals = null);

public sealed record GoalUpdateRequest(decimal? Target, int? TargetWonDeals, int? Version);

public sealed record SplitItemRequest(int? SubjectId, DateOnly? PeriodStart, decimal? Target, int? TargetWonDeals = null);

public sealed record SplitRequest(IReadOnlyList<SplitItemRequest>? Items);

/// <summary>How the children of one split add up against the parent. A non-zero <see cref="Gap"/> is what the
/// director set differently from the parent (positive: not yet given out).</summary>
public sealed record GoalSplitSummary(GoalSplit Split, int Children, decimal Sum, decimal Gap, int? WonDealsSum);

public sealed record GoalResponse(
    int Id, PeriodKind PeriodKind, DateOnly PeriodStart, DateOnly PeriodEnd, GoalScope Scope, int? SubjectId, string SubjectName,
    int? ParentId, GoalSplit? Split, decimal Target, int? TargetWonDeals, decimal Achieved, int WonDeals,
    IReadOnlyList<GoalSplitSummary> Splits, int Version);

/// <summary>One proposed child. <see cref="Basis"/> is what it is weighed by: revenue (past share, seasonality), working
/// days, or 1 (equal); <see cref="BasisYears"/> how many past years a month's seasonality rests on; <see cref="Current"/>
/// the target the subject already has for the period, if any.</summary>
public sealed record SplitProposalItem(int? SubjectId, string Name, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Basis, decimal Share, decimal Target, int? TargetWonDeals, decimal? Current, int? BasisYears = null);

/// <summary>A proposed split: nothing is saved until the items are sent back to the split endpoint. Its note says
/// why the method fell back, when it did: "noHistory" (nothing to weigh by, so the split is equal),
/// "partialHistory" (months never seen weigh as the mean of those seen) or "oneYear" (every month rests on a single
/// past year, so growth may read as season). The targets are rounded to <see cref="Step"/>, the largest taking what the
/// rounding gained or lost, so they still add up exactly to the goal.</summary>
public sealed record SplitProposalResponse(int GoalId, GoalSplit Split, SplitMethod Method, DateOnly? BasisFrom, DateOnly? BasisTo, string? Note,
    decimal Target, IReadOnlyList<SplitProposalItem> Items, decimal Step);

/// <summary>
/// Revenue goals and their tree. The director sets and splits them; a senior splits the team's goal among its people
/// and edits their goals; everyone sees their own. Children always come proposed so that they add up exactly to the
/// parent; what the director sets otherwise is kept and its gap shown.
/// </summary>
public sealed class GoalsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<GoalResponse>> ListAsync(Actor actor, GoalQuery q, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var year = Period.Containing(PeriodKind.Year, today);
        var from = q.From ?? (q.To is null ? year.Start : DateOnly.MinValue);
        var to = q.To ?? (q.From is null ? year.End : DateOnly.MaxValue);
        if (to < from) throw ValidationFailedException.For("to", "must not be before from.");
        var goals = (await VisibleAsync(db, actor, ct)).Where(g => g.PeriodEnd >= from && g.PeriodStart <= to);
        if (q.PeriodKind is PeriodKind k) goals = goals.Where(g => g.PeriodKind == k);
        if (q.Scope is GoalScope s) goals = goals.Where(g => g.Scope == s);
        if (q.UserId is int u) goals = goals.Where(g => g.UserId == u);
        var list = await goals.OrderBy(g => g.PeriodStart).ThenBy(g => g.PeriodKind).ThenBy(g => g.Id).Take(2000).ToListAsync(ct);
        return await RespondAsync(db, list, zone, ct);
    }

    public async Task<GoalResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Plans are for the people who sell.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var goal = await (await VisibleAsync(db, actor, ct)).FirstOrDefaultAsync(g => g.Id == id,
            ct) ?? throw new NotFoundException("Goal", id);
        return (await RespondAsync(db, [goal], await OrgTime.ZoneAsync(db, ct), ct))[0];
    }

    /// <summary>Sets a goal that has no parent: the organisation's year, say, or a standalone goal of a manager.</summary>
    public async Task<GoalResponse> CreateAsync(Actor actor, GoalRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        var v = new Validator();
        v.Check(r.PeriodKind is not null, "periodKind", "is required.");
        v.Check(r.PeriodStart is not null, "periodStart", "is required.");
        v.Check(r.Scope is not null, "scope", "is required.");
        v.Check(r.Target is not null, "target", "is required.");
        Money.Check(v, r.Target, "target");
        v.Check(r.TargetWonDeals is null or >= 0, "targetWonDeals", "must not be negative.");
        Period? period = null;
        CalendarService.CheckDate(v, r.PeriodStart, "periodStart");
        if (r.PeriodKind is PeriodKind kind && r.PeriodStart is DateOnly start && !v.Has("periodStart"))
        {
            period = Period.TryOf(kind, start);
            v.Check(period is not null, "periodStart", kind switch
            {
                PeriodKind.Year => "a year starts on 1 January.",
                PeriodKind.Quarter => "a quarter starts on 1 January, April, July or October.",
                PeriodKind.Month => "a month starts on its first day.",
                _ => "a week starts on Monday.",
            });
        }
        v.Check(r.Scope is null or GoalScope.Organisation || r.SubjectId is not null, "subjectId", "is required for this scope.");
        v.Check(r.Scope is not GoalScope.Organisation || r.SubjectId is null, "subjectId", "the organisation has no subject id.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CheckSubjectAsync(db, r.Scope!.Value, r.SubjectId, ct);
        var p = period!.Value;
        await RequireFreeAsync(db, p, Goal.KeyOf(r.Scope.Value, r.SubjectId), ct);
        var goal = new Goal
        {
            PeriodKind = p.Kind, PeriodStart = p.Start, PeriodEnd = p.End, TargetMinor = Money.ToMinor(r.Target!.Value), TargetWonDeals = r.TargetWonDeals,
            CreatedAt = clock.GetUtcNow().UtcDateTime, UpdatedById = actor.UserId,
        };
        goal.UpdatedAt = goal.CreatedAt;
        goal.SetSubject(r.Scope.Value, r.SubjectId);
        db.Goals.Add(goal);
        await SaveAsync(db, ct);
        return await GetAsync(actor, goal.Id, ct);
    }

    public async Task<GoalResponse> UpdateAsync(Actor actor, int id, GoalUpdateRequest r, CancellationToken ct = default)
    {
        var v = new Validator();
        v.Check(r.Target is not null, "target", "is required.");
        Money.Check(v, r.Target, "target");
        v.Check(r.TargetWonDeals is null or >= 0, "targetWonDeals", "must not be negative.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var goal = await (await VisibleAsync(db, actor, ct)).FirstOrDefaultAsync(g => g.Id == id,
            ct) ?? throw new NotFoundException("Goal", id);
        await RequireEditorAsync(db, actor, goal, ct);
        Versions.Check(db, goal, r.Version, goal.Version, "goal");
        goal.TargetMinor = Money.ToMinor(r.Target!.Value);
        goal.TargetWonDeals = r.TargetWonDeals;
        goal.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        goal.UpdatedById = actor.UserId;
        await SaveAsync(db, ct);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Deletes a goal with everything split from it, in one transaction.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var goal = await db.Goals.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw new NotFoundException("Goal", id);
        await RemoveSubtreeAsync(db, [goal.Id], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Proposes the children of a split by a method, each target rounded to <paramref name="step"/> (to the
    /// kopeck without one); saves nothing.</summary>
    public async Task<SplitProposalResponse> ProposeAsync(Actor actor, int id, GoalSplit split, SplitMethod method, decimal? step = null,
        CancellationToken ct = default)
    {
        if (step is decimal st && (st <= 0 || !Money.IsValid(st)))
            throw ValidationFailedException.For("step", "must be a positive amount with at most 2 decimal places.");
        var stepMinor = step is decimal given ? Money.ToMinor(given) : 1;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var goal = await (await VisibleAsync(db, actor, ct)).FirstOrDefaultAsync(g => g.Id == id,
            ct) ?? throw new NotFoundException("Goal", id);
        await RequireSplitterAsync(db, actor, goal, split, ct);
        var candidates = await CandidatesAsync(db, goal, split, ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        // What each candidate already has for its period, under this goal or anywhere else.
        var keys = candidates.Select(c => Goal.KeyOf(c.Scope, c.SubjectId)).Distinct().ToArray();
        var starts = candidates.Select(c => c.Start).Distinct().ToArray();
        var childKind = split switch { GoalSplit.Quarters => PeriodKind.Quarter, GoalSplit.Months => PeriodKind.Month, _ => goal.PeriodKind };
        var current = await db.Goals.Where(g => g.PeriodKind == childKind && keys.Contains(g.SubjectKey) && starts.Contains(g.PeriodStart)).ToListAsync(ct);
        var isPeriodSplit = split is GoalSplit.Quarters or GoalSplit.Months;
        var v = new Validator();
        v.Check(method != SplitMethod.PastShare || !isPeriodSplit, "method", "past share divides among people, regions or products; months and quarters follow seasonality.");
        v.Check(method != SplitMethod.Seasonality || isPeriodSplit, "method", "seasonality divides a period into months or quarters.");
        v.Check(method != SplitMethod.WorkingDays || split is GoalSplit.Managers or GoalSplit.Teams or GoalSplit.Months or GoalSplit.Quarters, "method",
            "working days divide among people, teams or periods.");
        v.ThrowIfInvalid();

        decimal[] weights;
        int[]? years = null;
        DateOnly? basisFrom = null, basisTo = null;
        string? note = null;
        switch (method)
        {
            case SplitMethod.PastShare:
            {
                basisFrom = goal.PeriodStart.AddMonths(-12);
                basisTo = goal.PeriodStart.AddDays(-1);
                var (s, e) = OrgTime.Range(basisFrom, basisTo, zone);
                weights = new decimal[candidates.Count];
                for (var i = 0; i < candidates.Count; i++)
                {
                    var group = await PlanGroup.ForAsync(db, candidates[i].Scope, candidates[i].SubjectId, ct);
                    weights[i] = (await group.WonAsync(db, s!.Value, e!.Value, ct)).Sum;
                }
                break;
            }
            case SplitMethod.WorkingDays:
            {
                var (calendar, away) = await CalendarService.LoadAsync(db, goal.PeriodStart, goal.PeriodEnd, ct);
                weights = new decimal[candidates.Count];
                for (var i = 0; i < candidates.Count; i++)
                {
                    var c = candidates[i];
                    weights[i] = c.Scope switch
                    {
                        GoalScope.Manager => calendar.WorkingDays(Max(goal.PeriodStart, c.Joined), goal.PeriodEnd, away[c.SubjectId!.Value]),
                        GoalScope.Team => (await db.Users.Where(u => u.TeamId == c.SubjectId && u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior))
                                .Select(u => new { u.Id, u.CreatedAt }).ToListAsync(ct))
                            .Sum(u => calendar.WorkingDays(Max(goal.PeriodStart, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(u.CreatedAt, zone))), goal.PeriodEnd, away[u.Id])),
                        _ => calendar.WorkingDays(c.Start, c.End),
                    };
                }
                break;
            }
            case SplitMethod.Seasonality:
                (weights, years, basisFrom, basisTo, note) = await SeasonalityAsync(db, goal, candidates, zone, OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone), ct);
                break;
            default:
                weights = candidates.Select(_ => 1m).ToArray();
                break;
        }
        if (candidates.Count == 0) throw ValidationFailedException.For("split", "there is nothing to split into.");
        if (weights.Sum() == 0 && method != SplitMethod.Equal) note ??= "noHistory";
        var parts = Allocation.SplitRounded(goal.TargetMinor, weights, stepMinor);
        var won = goal.TargetWonDeals is int w ? Allocation.Split(w, weights) : null;
        var total = weights.Sum();
        var items = candidates.Select((c, i) => new SplitProposalItem(c.SubjectId, c.Name, c.Start, c.End,
            method is SplitMethod.PastShare or SplitMethod.Seasonality ? Money.FromMinor((long)decimal.Round(weights[i], 0, MidpointRounding.AwayFromZero)) : weights[i],
            total == 0 ? decimal.Round(1m / candidates.Count, 4) : decimal.Round(weights[i] / total, 4),
            Money.FromMinor(parts[i]), won is null ? null : (int)won[i],
            current.FirstOrDefault(g => g.SubjectKey == Goal.KeyOf(c.Scope, c.SubjectId) && g.PeriodStart == c.Start) is { } x ? Money.FromMinor(x.TargetMinor) : null,
            years?[i])).ToList();
        return new SplitProposalResponse(goal.Id, split, method, basisFrom, basisTo, note, Money.FromMinor(goal.TargetMinor), items,
            Money.FromMinor(stepMinor));
    }

    /// <summary>Replaces the children of one split of a goal with <paramref name="r"/>'s items, in one transaction.
    /// Children left out are deleted with their own splits; subjects that already have a goal for the period elsewhere are refused.</summary>
    public async Task<GoalResponse> SetSplitAsync(Actor actor, int id, GoalSplit split, SplitRequest r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var goal = await (await VisibleAsync(db, actor, ct)).FirstOrDefaultAsync(g => g.Id == id,
            ct) ?? throw new NotFoundException("Goal", id);
        await RequireSplitterAsync(db, actor, goal, split, ct);
        var candidates = await CandidatesAsync(db, goal, split, ct);
        var isPeriodSplit = split is GoalSplit.Quarters or GoalSplit.Months;
        var v = new Validator();
        var items = r.Items ?? [];
        v.Check(r.Items is not null, "items", "is required.");
        var chosen = new List<(Candidate C, long Target, int? Won)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var f = $"items[{i}]";
            Candidate? c = isPeriodSplit
                ? candidates.FirstOrDefault(x => x.Start == item.PeriodStart)
                : candidates.FirstOrDefault(x => x.SubjectId == item.SubjectId);
            if (c is null) { v.Add(isPeriodSplit ? $"{f}.periodStart" : $"{f}.subjectId", isPeriodSplit ? "is not a part of the goal's period." : "is not one of the candidates of this split."); continue; }
            if (chosen.Any(x => x.C == c)) v.Add(isPeriodSplit ? $"{f}.periodStart" : $"{f}.subjectId", "appears twice.");
            v.Check(item.Target is not null, $"{f}.target", "is required.");
            Money.Check(v, item.Target, $"{f}.target");
            v.Check(item.TargetWonDeals is null or >= 0, $"{f}.targetWonDeals", "must not be negative.");
            if (item.Target is decimal t && Money.IsValid(t)) chosen.Add((c, Money.ToMinor(t), item.TargetWonDeals));
        }
        v.ThrowIfInvalid();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Goals.Where(g => g.ParentId == goal.Id && g.Split == split).ToListAsync(ct);
        var kind = split switch { GoalSplit.Quarters => PeriodKind.Quarter, GoalSplit.Months => PeriodKind.Month, _ => goal.PeriodKind };
        var keep = new HashSet<int>();
        var conflicts = new List<(string Name, int Id)>();
        foreach (var (c, target, won) in chosen)
        {
            var key = Goal.KeyOf(c.Scope, c.SubjectId);
            var child = existing.FirstOrDefault(g => g.SubjectKey == key && g.PeriodStart == c.Start);
            if (child is null)
            {
                // A goal the subject already has for the period joins the split if it stands alone; under another parent it is a conflict.
                var other = await db.Goals.FirstOrDefaultAsync(g => g.PeriodKind == kind && g.PeriodStart == c.Start && g.SubjectKey == key, ct);
                if (other is not null && (other.ParentId is not null || other.Id == goal.Id)) { conflicts.Add((c.Name, other.Id)); continue; }
                if (other is null)
                {
                    child = new Goal { PeriodKind = kind, PeriodStart = c.Start, PeriodEnd = c.End, CreatedAt = now };
                    child.SetSubject(c.Scope, c.SubjectId);
                    db.Goals.Add(child);
                }
                else child = other;
                child.ParentId = goal.Id;
                child.Split = split;
            }
            else keep.Add(child.Id);
            child.TargetMinor = target;
            child.TargetWonDeals = won;
            child.UpdatedAt = now;
            child.UpdatedById = actor.UserId;
        }
        if (conflicts.Count > 0)
            throw new ConflictException("Some of these already have a goal for the period under another goal; edit those goals, or delete them first.",
                new Dictionary<string, object?> { ["goalIds"] = conflicts.Select(x => x.Id).ToArray(), ["names"] = conflicts.Select(x => x.Name).ToArray() });
        await SaveAsync(db, ct);
        await RemoveSubtreeAsync(db, existing.Where(g => !keep.Contains(g.Id)).Select(g => g.Id).ToList(), ct);
        await tx.CommitAsync(ct);
        return await GetAsync(actor, id, ct);
    }

    // ---- helpers ----

    private sealed record Candidate(GoalScope Scope, int? SubjectId, string Name, DateOnly Start, DateOnly End, DateOnly Joined);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static async Task<List<Candidate>> CandidatesAsync(VoronkaDbContext db, Goal goal, GoalSplit split, CancellationToken ct)
    {
        var v = new Validator();
        switch (split)
        {
            case GoalSplit.Quarters:
                v.Check(goal.PeriodKind == PeriodKind.Year, "split", "only a year splits into quarters.");
                break;
            case GoalSplit.Months:
                v.Check(goal.PeriodKind is PeriodKind.Year or PeriodKind.Quarter, "split", "only a year or a quarter splits into months.");
                break;
            case GoalSplit.Managers:
                v.Check(goal.Scope is GoalScope.Organisation or GoalScope.Team, "split", "the organisation's or a team's goal splits among managers.");
                break;
            default:
                v.Check(goal.Scope == GoalScope.Organisation, "split", "only the organisation's goal splits among teams, regions or products.");
                break;
        }
        v.ThrowIfInvalid();
        var (s, e) = (goal.PeriodStart, goal.PeriodEnd);
        var zone = await OrgTime.ZoneAsync(db, ct);
        switch (split)
        {
            case GoalSplit.Quarters or GoalSplit.Months:
            {
                var name = await PlansService.SubjectNameAsync(db, goal.Scope, goal.SubjectId, ct) ?? "";
                return new Period(goal.PeriodKind, s, e).Parts(split == GoalSplit.Quarters ? PeriodKind.Quarter : PeriodKind.Month)
                    .Select(p => new Candidate(goal.Scope, goal.SubjectId, name, p.Start, p.End, p.Start)).ToList();
            }
            case GoalSplit.Teams:
                return (await db.Teams.OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
                    .Select(t => new Candidate(GoalScope.Team, t.Id, t.Name, s, e, s)).ToList();
            case GoalSplit.Regions:
                return (await db.Regions.OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
                    .Select(t => new Candidate(GoalScope.Region, t.Id, t.Name, s, e, s)).ToList();
            case GoalSplit.Products:
                return (await db.Products.Where(p => !p.IsArchived).OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
                    .Select(t => new Candidate(GoalScope.Product, t.Id, t.Name, s, e, s)).ToList();
            default:
            {
                var team = goal.TeamId;
                var people = db.Users.Where(u => u.IsActive && (u.Role == UserRole.Manager || u.Role == UserRole.Senior));
                if (goal.Scope == GoalScope.Team) people = people.Where(u => u.TeamId == team);
                return (await people.OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName, u.CreatedAt }).ToListAsync(ct))
                    .Select(u => new Candidate(GoalScope.Manager, u.Id, u.FullName, s, e, DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(u.CreatedAt, zone)))).ToList();
            }
        }
    }

    /// <summary>
    /// Weights of the months (or quarters) of a goal from the won revenue of the same months in past years, for the
    /// goal's subject (up to three years back). Only months wholly inside the history and over count; a month never
    /// seen gets the mean of those seen.
    /// </summary>
    private static async Task<(decimal[] Weights, int[] Years, DateOnly? From, DateOnly? To, string? Note)> SeasonalityAsync(
        VoronkaDbContext db, Goal goal, List<Candidate> parts, TimeZoneInfo zone, DateOnly today, CancellationToken ct)
    {
        var group = await PlanGroup.ForAsync(db, goal.Scope, goal.SubjectId, ct);
        // The history begins with the first deal of all: a seasonal product's quiet months before its first sale are history too.
        var first = await db.Deals.MinAsync(d => (DateTime?)d.CreatedAt, ct);
        if (first is null) return (parts.Select(_ => 0m).ToArray(), new int[parts.Count], null, null, "noHistory");
        var historyStart = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(first.Value, zone));
        var weights = new decimal?[parts.Count];
        var years = new int[parts.Count];
        DateOnly? from = null, to = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var sums = new List<long>();
            for (var back = 1; back <= 3; back++)
            {
                var s = parts[i].Start.AddYears(-back);
                var e = parts[i].End.AddYears(-back);
                if (s < historyStart || e >= goal.PeriodStart || e >= today) continue;
                var (us, ue) = OrgTime.Range(s, e, zone);
                sums.Add((await group.WonAsync(db, us!.Value, ue!.Value, ct)).Sum);
                from = from is null || s < from ? s : from;
                to = to is null || e > to ? e : to;
            }
            if (sums.Count > 0) weights[i] = (decimal)sums.Average();
            years[i] = sums.Count;
        }
        var seen = weights.Where(w => w is not null).Select(w => w!.Value).ToList();
        if (seen.Count == 0) return (parts.Select(_ => 0m).ToArray(), years, null, null, "noHistory");
        var mean = seen.Average();
        var note = seen.Count < parts.Count ? "partialHistory" : years.Max() <= 1 ? "oneYear" : null;
        return (weights.Select(w => w ?? mean).ToArray(), years, from, to, note);
    }

    /// <summary>Goals the actor sees: the director all; a senior the organisation's, the team's and those of the people
    /// the senior sees (<see cref="AccessScope.People"/>); anyone else their own.</summary>
    private static async Task<IQueryable<Goal>> VisibleAsync(VoronkaDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsDirector) return db.Goals;
        var key = $"user:{actor.UserId}";
        if (!actor.IsSenior) return db.Goals.Where(g => g.SubjectKey == key);
        var team = actor.TeamId;
        var people = (await AccessScope.ForAsync(db, actor, ct)).People().Select(u => u.Id);
        return db.Goals.Where(g => g.Scope == GoalScope.Organisation || (g.TeamId != null && g.TeamId == team)
            || (g.UserId != null && people.Contains(g.UserId.Value)));
    }

    private static async Task RequireEditorAsync(VoronkaDbContext db, Actor actor, Goal goal, CancellationToken ct)
    {
        if (actor.IsDirector) return;
        if (actor.IsSenior && goal.Scope == GoalScope.Manager && goal.UserId != actor.UserId
            && await db.Users.AnyAsync(u => u.Id == goal.UserId && u.TeamId != null && u.TeamId == actor.TeamId, ct)) return;
        throw new ForbiddenException("Only the director, or the senior for the people of the team, may change goals.");
    }

    private static async Task RequireSplitterAsync(VoronkaDbContext db, Actor actor, Goal goal, GoalSplit split, CancellationToken ct)
    {
        if (actor.IsDirector) return;
        if (actor.IsSenior && goal.Scope == GoalScope.Team && goal.TeamId == actor.TeamId && split is GoalSplit.Managers or GoalSplit.Months or GoalSplit.Quarters) return;
        if (actor.IsSenior && split is GoalSplit.Months or GoalSplit.Quarters) { await RequireEditorAsync(db, actor, goal, ct); return; }
        throw new ForbiddenException("Only the director, or the senior for the team's goal, may split goals.");
    }

    private static async Task CheckSubjectAsync(VoronkaDbContext db, GoalScope scope, int? id, CancellationToken ct)
    {
        var ok = scope switch
        {
            GoalScope.Organisation => true,
            GoalScope.Team => await db.Teams.AnyAsync(t => t.Id == id, ct),
            GoalScope.Manager => await db.Users.AnyAsync(u => u.Id == id && (u.Role == UserRole.Manager || u.Role == UserRole.Senior), ct),
            GoalScope.Region => await db.Regions.AnyAsync(r => r.Id == id, ct),
            _ => await db.Products.AnyAsync(p => p.Id == id, ct),
        };
        if (!ok) throw ValidationFailedException.For("subjectId", scope == GoalScope.Manager ? "is not a user who sells." : $"is not a known {scope.ToString().ToLowerInvariant()}.");
    }

    private static async Task RequireFreeAsync(VoronkaDbContext db, Period p, string key, CancellationToken ct)
    {
        var other = await db.Goals.Where(g => g.PeriodKind == p.Kind && g.PeriodStart == p.Start && g.SubjectKey == key).Select(g => (int?)g.Id).FirstOrDefaultAsync(ct);
        if (other is int id)
            throw new ConflictException("This subject already has a goal for the period; edit that goal instead.", new Dictionary<string, object?> { ["goalId"] = id });
    }

    private static async Task RemoveSubtreeAsync(VoronkaDbContext db, List<int> ids, CancellationToken ct)
    {
        var levels = new List<List<int>>();
        var level = ids;
        while (level.Count > 0)
        {
            levels.Add(level);
            var current = level;
            level = await db.Goals.Where(g => g.ParentId != null && current.Contains(g.ParentId.Value)).Select(g => g.Id).ToListAsync(ct);
        }
        // The deepest level first, one statement per level, so no row ever points at a deleted parent.
        for (var i = levels.Count - 1; i >= 0; i--)
            foreach (var chunk in levels[i].Chunk(500)) await db.Goals.Where(g => chunk.Contains(g.Id)).ExecuteDeleteAsync(ct);
    }

    private static async Task SaveAsync(VoronkaDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("goal"); }
        catch (DbUpdateException)
        {
            throw new ConflictException("A goal for this subject and period was just set by someone else. Reload and try again.");
        }
    }

    /// <summary>The subjects' names, one query per kind of subject.</summary>
    private static async Task<Dictionary<string, string>> NamesAsync(VoronkaDbContext db, List<Goal> goals, CancellationToken ct)
    {
        int[] Ids(GoalScope scope) => goals.Where(g => g.Scope == scope).Select(g => g.SubjectId!.Value).Distinct().ToArray();
        var (teams, users, regions, products) = (Ids(GoalScope.Team), Ids(GoalScope.Manager), Ids(GoalScope.Region),
            Ids(GoalScope.Product));
        var names = new Dictionary<string, string>();
        if (goals.Any(g => g.Scope == GoalScope.Organisation))
            names[Goal.KeyOf(GoalScope.Organisation, null)] = await PlansService.SubjectNameAsync(db, GoalScope.Organisation,
                null, ct) ?? "";
        foreach (var x in await db.Teams.Where(t => teams.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            names[Goal.KeyOf(GoalScope.Team, x.Id)] = x.Name;
        foreach (var x in await db.Users.Where(u => users.Contains(u.Id)).Select(u => new { u.Id, u.FullName }).ToListAsync(ct))
            names[Goal.KeyOf(GoalScope.Manager, x.Id)] = x.FullName;
        foreach (var x in await db.Regions.Where(r => regions.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            names[Goal.KeyOf(GoalScope.Region, x.Id)] = x.Name;
        foreach (var x in await db.Products.Where(p => products.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            names[Goal.KeyOf(GoalScope.Product, x.Id)] = x.Name;
        return names;
    }

    /// <summary>What each goal's subject won in its period. The organisation, teams and people are read in one grouped
    /// query of the kept daily sales (the dashboard's and the KPI board's source); a region or a product from its deals.</summary>
    private static async Task<Dictionary<int, (long Sum, int Count)>> AchievedAsync(
        VoronkaDbContext db, List<Goal> goals, TimeZoneInfo zone, CancellationToken ct)
    {
        var result = new Dictionary<int, (long Sum, int Count)>();
        var kept = goals.Where(g => g.Scope is GoalScope.Organisation or GoalScope.Team or GoalScope.Manager).ToList();
        if (kept.Count > 0)
        {
            var (from, to) = (kept.Min(g => g.PeriodStart), kept.Max(g => g.PeriodEnd));
            var cells = await db.SalesDays.Where(c => c.Day >= from && c.Day <= to)
                .GroupBy(c => new { c.OwnerId, c.Day })
                .Select(g => new { g.Key.OwnerId, g.Key.Day, Sum = g.Sum(c => c.AmountMinor), Count = g.Sum(c => c.Count) })
                .ToListAsync(ct);
            var members = kept.Any(g => g.Scope == GoalScope.Team)
                ? (await db.Users.Where(u => u.TeamId != null).Select(u => new { u.Id, Team = u.TeamId!.Value }).ToListAsync(ct))
                    .ToLookup(u => u.Team, u => u.Id)
                : Enumerable.Empty<int>().ToLookup(_ => 0);
            foreach (var g in kept)
            {
                var team = g.Scope == GoalScope.Team ? members[g.SubjectId!.Value].ToHashSet() : null;
                var mine = cells.Where(c => c.Day >= g.PeriodStart && c.Day <= g.PeriodEnd && g.Scope switch
                {
                    GoalScope.Manager => c.OwnerId == g.SubjectId,
                    GoalScope.Team => team!.Contains(c.OwnerId),
                    _ => true,
                }).ToList();
                result[g.Id] = (mine.Sum(c => c.Sum), mine.Sum(c => c.Count));
            }
        }
        foreach (var g in goals.Where(g => !result.ContainsKey(g.Id)))
            result[g.Id] = await (await PlanGroup.ForAsync(db, g.Scope, g.SubjectId, ct)).WonOnDaysAsync(db, g.PeriodStart,
                g.PeriodEnd, zone, ct);
        return result;
    }

    private async Task<List<GoalResponse>> RespondAsync(VoronkaDbContext db, List<Goal> goals, TimeZoneInfo zone, CancellationToken ct)
    {
        var ids = goals.Select(g => g.Id).ToList();
        var children = await db.Goals.Where(g => g.ParentId != null && ids.Contains(g.ParentId.Value))
            .GroupBy(g => new { Parent = g.ParentId!.Value, g.Split })
            .Select(g => new { g.Key.Parent, g.Key.Split, Count = g.Count(), Sum = g.Sum(x => x.TargetMinor), Won = g.Sum(x => x.TargetWonDeals), WithWon = g.Count(x => x.TargetWonDeals != null) })
            .ToListAsync(ct);
        var names = await NamesAsync(db, goals, ct);
        var achieved = await AchievedAsync(db, goals, zone, ct);
        var list = new List<GoalResponse>();
        foreach (var g in goals)
        {
            var (sum, won) = achieved[g.Id];
            var splits = children.Where(c => c.Parent == g.Id).OrderBy(c => c.Split)
                .Select(c => new GoalSplitSummary(c.Split!.Value, c.Count, Money.FromMinor(c.Sum), Money.FromMinor(g.TargetMinor - c.Sum), c.WithWon == 0 ? null : c.Won)).ToList();
            list.Add(new GoalResponse(g.Id, g.PeriodKind, g.PeriodStart, g.PeriodEnd, g.Scope, g.SubjectId,
                names.GetValueOrDefault(g.SubjectKey, ""),
                g.ParentId, g.Split, Money.FromMinor(g.TargetMinor), g.TargetWonDeals, Money.FromMinor(sum), won, splits, g.Version));
        }
        return list;
    }
}
