using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Reports;

namespace Voronka.Core.Features.FillQuality;

/// <summary>Deals that fall short on one rule, and the deal list (an API address) that shows exactly them.</summary>
public sealed record FillFigure(int Count, string List);

/// <summary>The score of one week: from the last morning snapshot of the week (<see cref="Day"/>), or the live figures for
/// the week in progress (<see cref="Day"/> null); no score when there was neither.</summary>
public sealed record FillWeek(DateOnly WeekStart, DateOnly WeekEnd, int? Score, DateOnly? Day);

/// <summary>One seller's fill quality now (<see cref="Open"/> deals and the ones short on each rule), the score, the fields
/// filled after the move and the companies and contacts created as duplicates in the period, and the weekly trend. The
/// total row has no user.</summary>
public sealed record FillRow(
    int? UserId, string Name, int? TeamId, string? TeamName, FillFigure Open, FillFigure Incomplete, FillFigure NoNextStep,
    FillFigure Rotting, FillFigure Unreachable, FillShares Shares, int? Score, int LateFills, int DuplicatesCreated,
    IReadOnlyList<FillWeek> Trend);

/// <summary>The fill-quality report: sellers from the lowest score up (<see cref="LowestUserId"/> is the first with one).</summary>
public sealed record FillQualityResponse(
    DateTime At, DateOnly Today, DateOnly From, DateOnly To, IReadOnlyList<FillRow> People, FillRow Total, int? LowestUserId);

/// <summary>An open deal that falls short, and on what: the fields its stage requires that it lacks (keys as stages name
/// them), no next step, rotting, a contact who cannot be reached.</summary>
public sealed record FillProblemDeal(
    int DealId, string Title, int OwnerId, string OwnerName, int StageId, string StageName, DateTime StageEnteredAt,
    IReadOnlyList<string> Missing, bool NoNextStep, bool Rotting, bool Unreachable);

public sealed record FillToFixResponse(int Total, IReadOnlyList<FillProblemDeal> Deals);

/// <summary>
/// How well each seller keeps the data: the share of open deals with every field their stage requires, with a next step,
/// not rotting, with a reachable contact (<see cref="FillScore"/>), the fields filled after the move, a weekly trend
/// from the morning snapshots, and each seller's list of deals to fix. The director sees everyone, a senior the team,
/// a manager self. Every figure is counted by the filter of the deal list it opens.
/// </summary>
public sealed class FillQualityService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const int WeeksByDefault = 8;

    public async Task<FillQualityResponse> ReportAsync(Actor actor, DateOnly? from, DateOnly? to, int? teamId, CancellationToken ct)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(now, zone);
        var (f, t) = Period(from, to, today);
        var sellersQ = scope.Sellers();
        if (teamId is int team) sellersQ = sellersQ.Where(u => u.TeamId == team);
        var people = await sellersQ.Select(u => new
            {
                u.Id, u.FullName, u.TeamId, Team = db.Teams.Where(x => x.Id == u.TeamId).Select(x => x.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var counts = await CountsAsync(db, ids, now, zone, ct);
        var (start, end) = OrgTime.Range(f, t, zone);
        var late = await LateFills.CountAsync(db, db.Deals.Where(d => ids.Contains(d.OwnerId)), start!.Value, end!.Value, ct);
        var dups = await Duplicates.DuplicatesService.CreatedAsync(db, ids, start.Value, end.Value, ct);
        var weeks = await TrendAsync(db, ids, f, t, today, counts, ct);

        FillRow Row(int? id, string name, int? team, string? teamName, FillCounts c, int lateFills, int duplicates,
            IReadOnlyList<FillWeek> trend)
        {
            (string, object?)[] who = id is int u ? [("ownerId", u)] : [("sellers", true), ("teamId", teamId)];
            FillFigure Figure(int count, params (string, object?)[] filters) => new(count, ListUrls.Of("deals", [.. who, .. filters]));
            return new FillRow(id, name, team, teamName, Figure(c.Open, ("status", "open")),
                Figure(c.Incomplete, ("status", "open"), ("incomplete", true)), Figure(c.NoNextStep, ("status", "open"), ("nextTask",
                    "none")),
                Figure(c.Rotting, ("rotting", true)), Figure(c.Unreachable, ("status", "open"), ("contactWay", "none")),
                FillScore.Shares(c), FillScore.Of(c), lateFills, duplicates, trend);
        }

        var rows = people.Select(p => Row(p.Id, p.FullName, p.TeamId, p.Team, counts.GetValueOrDefault(p.Id, FillCounts.None),
                late.GetValueOrDefault(p.Id), dups.GetValueOrDefault(p.Id), weeks.Select(w => w.Score(p.Id)).ToList()))
            .OrderBy(r => r.Score is null).ThenBy(r => r.Score).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        var all = counts.Values.Aggregate(FillCounts.None, (a, c) => a.Plus(c));
        var total = Row(null, "", teamId, null, all, late.Values.Sum(), dups.Values.Sum(), weeks.Select(w => w.Total()).ToList());
        return new FillQualityResponse(now, today, f, t, rows, total, rows.FirstOrDefault(r => r.Score is not null)?.UserId);
    }

    /// <summary>The open deals of a seller (or of every seller the actor sees) that fall short on a rule, the oldest in
    /// their stage first.</summary>
    public async Task<FillToFixResponse> ToFixAsync(Actor actor, int? userId, int take, CancellationToken ct)
    {
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        if (take is < 1 or > 500) throw ValidationFailedException.For("take", "must be between 1 and 500.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sellers = scope.Sellers().Select(u => u.Id);
        var open = scope.Deals().Where(d => sellers.Contains(d.OwnerId));
        if (userId is int u) open = open.Where(d => d.OwnerId == u);
        var rules = await Shortfalls.ForAsync(db, now, ct);
        var bad = rules.Short(db, open);
        var total = await bad.CountAsync(ct);
        var page = await DealCompliance.DescribeAsync(db, bad.OrderBy(d => d.StageEnteredAt).ThenBy(d => d.Id).Take(take), ct);
        var ids = page.Select(p => p.Deal.Id).ToList();
        async Task<HashSet<int>> Having(Expression<Func<Deal, bool>> p) =>
            (await db.Deals.Where(d => ids.Contains(d.Id)).Where(p).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        var (noNextIds, rotIds, unreachableIds) = (await Having(rules.NoNextStep), await Having(rules.Rotting),
            await Having(rules.Unreachable));
        var list = page.Select(p => new FillProblemDeal(p.Deal.Id, p.Deal.Title, p.Deal.OwnerId, p.OwnerName, p.Deal.StageId,
                p.StageName, p.Deal.StageEnteredAt, p.Missing, noNextIds.Contains(p.Deal.Id), rotIds.Contains(p.Deal.Id),
                unreachableIds.Contains(p.Deal.Id)))
            .OrderByDescending(p => p.Missing.Count + (p.NoNextStep ? 1 : 0) + (p.Rotting ? 1 : 0) + (p.Unreachable ? 1 : 0))
            .ThenBy(p => p.StageEnteredAt).ThenBy(p => p.DealId).ToList();
        return new FillToFixResponse(total, list);
    }

    /// <summary>The rules an open deal can fall short on, as filters the database runs (the deal list's own).</summary>
    internal sealed record Shortfalls(Expression<Func<Deal, bool>> Incomplete, Expression<Func<Deal, bool>> NoNextStep,
        Expression<Func<Deal, bool>> Rotting, Expression<Func<Deal, bool>> Unreachable)
    {
        public Expression<Func<Deal, bool>> Any => Predicates.AnyOf([Incomplete, NoNextStep, Rotting, Unreachable]);

        /// <summary>The open deals of <paramref name="deals"/> that fall short on any rule: what the to-fix list shows and
        /// the digest counts.</summary>
        public IQueryable<Deal> Short(VoronkaDbContext db, IQueryable<Deal> deals) =>
            deals.Where(d => d.ClosedAt == null && db.Stages.Any(s => s.Id == d.StageId && s.Kind == Pipelines.StageKind.Open)).Where(Any);

        public static async Task<Shortfalls> ForAsync(VoronkaDbContext db, DateTime now, CancellationToken ct) =>
            new(await DealCompliance.IncompleteAsync(db, ct), DealsService.WithoutNextStep(db), await RottingDeals.PredicateAsync(db,
                now, ct),
                DealCompliance.Unreachable(db));
    }

    /// <summary>Keeps this morning's counts per owner, unless they are kept already.</summary>
    public async Task<DateOnly> TakeSnapshotAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(now, zone);
        if (await db.Set<FillSnapshot>().AnyAsync(s => s.Day == today, ct)) return today;
        var counts = await CountsAsync(db, null, now, zone, ct);
        db.Set<FillSnapshot>().AddRange(counts.Select(c => new FillSnapshot
        {
            Day = today, TakenAt = now, OwnerId = c.Key, Open = c.Value.Open, Incomplete = c.Value.Incomplete,
            NoNextStep = c.Value.NoNextStep, Rotting = c.Value.Rotting, Unreachable = c.Value.Unreachable,
        }));
        await KeptOnce.SaveAsync(db, factory, check => check.Set<FillSnapshot>().AnyAsync(s => s.Day == today, ct), ct);
        return today;
    }

    /// <summary>The open deals of each owner (of <paramref name="owners"/>, or everyone's) and how many fall short on each
    /// rule, each counted by the deal list's own filter.</summary>
    internal static async Task<Dictionary<int, FillCounts>> CountsAsync(VoronkaDbContext db, IReadOnlyCollection<int>? owners, DateTime now,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var scope = AccessScope.Everything(db);
        var deals = owners is null ? db.Deals : db.Deals.Where(d => owners.Contains(d.OwnerId));
        Task<Dictionary<int, int>> Count(DealQuery q) => DealsService.CountByOwnerAsync(db, scope, deals, q, zone, now, ct);
        var open = await Count(new DealQuery { Status = "open" });
        var incomplete = await Count(new DealQuery { Status = "open", Incomplete = true });
        var noNext = await Count(new DealQuery { Status = "open", NextTask = "none" });
        var rotting = await Count(new DealQuery { Rotting = true });
        var unreachable = await Count(new DealQuery { Status = "open", ContactWay = "none" });
        return open.ToDictionary(o => o.Key, o => new FillCounts(o.Value, incomplete.GetValueOrDefault(o.Key),
            noNext.GetValueOrDefault(o.Key),
            rotting.GetValueOrDefault(o.Key), unreachable.GetValueOrDefault(o.Key)));
    }

    /// <summary>The counts that stand for a period: live when it reaches today, otherwise the period's last morning snapshot
    /// (none when none was kept), so a past month's indicator does not change with today's data.</summary>
    internal static async Task<Dictionary<int, FillCounts>> ForPeriodAsync(VoronkaDbContext db, IReadOnlyCollection<int> owners,
        DateOnly from, DateOnly to, DateTime now, TimeZoneInfo zone, CancellationToken ct)
    {
        if (to >= OrgTime.Today(now, zone)) return await CountsAsync(db, owners, now, zone, ct);
        var kept = db.Set<FillSnapshot>().AsNoTracking().Where(s => owners.Contains(s.OwnerId));
        var day = await kept.Where(s => s.Day >= from && s.Day <= to).MaxAsync(s => (DateOnly?)s.Day, ct);
        return day is null ? [] : await kept.Where(s => s.Day == day).ToDictionaryAsync(s => s.OwnerId, Counts, ct);
    }

    private static FillCounts Counts(FillSnapshot s) => new(s.Open, s.Incomplete, s.NoNextStep, s.Rotting, s.Unreachable);

    /// <summary>The report's period: both days given, or the last <see cref="WeeksByDefault"/> weeks up to today.</summary>
    internal static (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var t = to ?? today;
        var f = from ?? WeekStart(t).AddDays(-7 * (WeeksByDefault - 1));
        var v = new Validator();
        v.Check(t >= f, "to", "must not be before from.");
        v.Check(t.DayNumber - f.DayNumber <= 366, "to", "the period may span at most a year.");
        v.ThrowIfInvalid();
        return (f, t);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private sealed record Week(DateOnly Start, DateOnly End, DateOnly? Day, Dictionary<int, FillCounts> Counts)
    {
        public FillWeek Score(int owner) => new(Start, End, FillScore.Of(Counts.GetValueOrDefault(owner, FillCounts.None)), Day);

        public FillWeek Total() => new(Start, End, FillScore.Of(Counts.Values.Aggregate(FillCounts.None, (a, c) => a.Plus(c))), Day);
    }

    /// <summary>Each week of the period: its last snapshot, or the live counts for the week that holds today.</summary>
    private static async Task<List<Week>> TrendAsync(VoronkaDbContext db, List<int> ids, DateOnly from, DateOnly to, DateOnly today,
        Dictionary<int, FillCounts> live, CancellationToken ct)
    {
        var first = WeekStart(from);
        var kept = await db.Set<FillSnapshot>().AsNoTracking().Where(s => s.Day >= first && s.Day <= to && ids.Contains(s.OwnerId))
            .ToListAsync(ct);
        var weeks = new List<Week>();
        for (var start = first; start <= to; start = start.AddDays(7))
        {
            var end = start.AddDays(6);
            if (today >= start && today <= end)
            {
                weeks.Add(new Week(start, end, null, live));
                continue;
            }
            var day = kept.Where(s => s.Day >= start && s.Day <= end).Select(s => (DateOnly?)s.Day).Max();
            weeks.Add(new Week(start, end, day, day is null ? [] : kept.Where(s => s.Day == day).ToDictionary(s => s.OwnerId, Counts)));
        }
        return weeks;
    }
}
