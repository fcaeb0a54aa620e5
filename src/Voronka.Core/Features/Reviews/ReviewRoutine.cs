using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reviews;

/// <summary>A reviewer's weekly quota: calls of each of their managers.</summary>
public sealed record QuotaItem(int? UserId, int? PerManagerPerWeek);

public sealed record QuotasRequest(IReadOnlyList<QuotaItem>? Quotas);

/// <summary>One manager of a reviewer's week: the calls due, the reviews released, what is still owed.</summary>
public sealed record ManagerDebt(int ManagerId, string ManagerName, int Due, int Done, int Owed);

/// <summary>A reviewer's week (Monday to Sunday in the organisation's time): the quota and the debt per manager.</summary>
public sealed record ReviewerWeek(
    int ReviewerId, string ReviewerName, int Quota, int Due, int Done, int Owed, IReadOnlyList<ManagerDebt> Managers);

public sealed record RoutineResponse(DateOnly WeekFrom, DateOnly WeekTo, IReadOnlyList<ReviewerWeek> Reviewers);

/// <summary>A call proposed for review, with the groups it was sampled from.</summary>
public sealed record QueueItem(
    long ActivityId, int ManagerId, string ManagerName, DateTime OccurredAt, int? DurationSeconds, int? DealId, string? DealTitle,
    CallStrata Strata, long? RecordingId);

/// <summary>
/// The review routine: each reviewer's weekly quota of calls per manager (the director's over every seller, a senior's
/// over the team), the debt of the week counted from released reviews, and the queue of calls to review sampled from the
/// last two weeks' talked calls nobody reviewed yet, by <see cref="ReviewSampler"/>.
/// </summary>
public sealed class ReviewRoutine(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>How far back the queue looks for calls.</summary>
    public static readonly TimeSpan QueueWindow = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<QuotaItem>> QuotasAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<ReviewQuota>().OrderBy(q => q.UserId).Select(q => new QuotaItem(q.UserId, q.PerManagerPerWeek)).ToListAsync(ct);
    }

    /// <summary>Sets the quotas of the director and the seniors (0 removes one).</summary>
    public async Task<IReadOnlyList<QuotaItem>> SetQuotasAsync(Actor actor, QuotasRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var items = r.Quotas ?? [];
        var ids = items.Select(i => i.UserId ?? 0).ToList();
        var reviewers = (await db.Users
            .Where(u => ids.Contains(u.Id) && u.IsActive && (u.Role == UserRole.Director || u.Role == UserRole.Senior))
            .Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        var v = new Validator();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].UserId is not int id || !reviewers.Contains(id))
                v.Add($"quotas[{i}].userId", "must be the director or an active senior.");
            if (items[i].PerManagerPerWeek is not (>= 0 and <= 50)) v.Add($"quotas[{i}].perManagerPerWeek", "must be between 0 and 50.");
        }
        if (ids.Distinct().Count() != ids.Count) v.Add("quotas", "must name each reviewer once.");
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ReviewQuota>().Where(q => ids.Contains(q.UserId)).ExecuteDeleteAsync(ct);
        db.AddRange(items.Where(i => i.PerManagerPerWeek > 0)
            .Select(i => new ReviewQuota { UserId = i.UserId!.Value, PerManagerPerWeek = i.PerManagerPerWeek!.Value }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await QuotasAsync(actor, ct);
    }

    /// <summary>The week of <paramref name="day"/> (this week by default): the director sees every reviewer, a senior self.</summary>
    public async Task<RoutineResponse> WeekAsync(Actor actor, DateOnly? day, CancellationToken ct)
    {
        if (!(actor.IsDirector || actor.IsSenior)) throw new ForbiddenException("The review routine is the director's and the seniors'.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var (from, to) = Week(day ?? OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone));
        var (start, end) = (OrgTime.StartOfDayUtc(from, zone), OrgTime.StartOfDayUtc(to.AddDays(1), zone));
        var quotas = await (from q in db.Set<ReviewQuota>()
                            join u in db.Users on q.UserId equals u.Id
                            where u.IsActive && (actor.IsDirector || u.Id == actor.UserId)
                            select new { u.Id, u.FullName, u.Role, u.TeamId, q.PerManagerPerWeek }).ToListAsync(ct);
        var reviewers = new List<ReviewerWeek>();
        foreach (var q in quotas.OrderBy(q => q.Role).ThenBy(q => q.FullName))
        {
            var managers = await ManagersOfAsync(db, q.Id, q.Role, q.TeamId, ct);
            var done = await ReleasedAsync(db, [q.Id], start, end, ct);
            var rows = managers.Select(m =>
            {
                var count = done.Where(d => d.ManagerId == m.Id).Sum(d => d.Count);
                return new ManagerDebt(m.Id, m.FullName, q.PerManagerPerWeek, count, Math.Max(0, q.PerManagerPerWeek - count));
            }).ToList();
            reviewers.Add(new ReviewerWeek(q.Id, q.FullName, q.PerManagerPerWeek, rows.Sum(r => r.Due),
                rows.Sum(r => Math.Min(r.Done, r.Due)), rows.Sum(r => r.Owed), rows));
        }
        return new RoutineResponse(from, to, reviewers);
    }

    /// <summary>The calls the actor should review this week: for each manager still owed, as many as owed.</summary>
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(Actor actor, CancellationToken ct)
    {
        var week = await WeekAsync(actor, null, ct);
        var mine = week.Reviewers.FirstOrDefault(r => r.ReviewerId == actor.UserId);
        if (mine is null) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime - QueueWindow;
        var owed = mine.Managers.Where(m => m.Owed > 0).ToList();
        var candidates = await CandidatesAsync(db, owed.Select(m => m.ManagerId).ToList(), since, ct);
        var picks = owed.Select(m => (Manager: m, Picked: ReviewSampler.Pick(candidates.GetValueOrDefault(m.ManagerId) ?? [], m.Owed,
            ReviewSampler.Seed(week.WeekFrom, actor.UserId, m.ManagerId)))).ToList();
        var ids = picks.SelectMany(p => p.Picked.Select(x => x.ActivityId)).ToList();
        var rows = await (from a in db.Activities
                          where ids.Contains(a.Id)
                          select new
                          {
                              a.Id, a.OccurredAt, a.DurationSeconds, a.DealId,
                              Deal = db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(),
                              Recording = db.Set<Telephony.Recording>().Where(x => x.ActivityId == a.Id
                                  && x.State == Telephony.RecordingState.Stored).Select(x => (long?)x.Id).FirstOrDefault(),
                          }).ToDictionaryAsync(x => x.Id, ct);
        return picks.SelectMany(p => p.Picked.Select(x => (p.Manager, Pick: x, Row: rows[x.ActivityId])))
            .Select(x => new QueueItem(x.Row.Id, x.Manager.ManagerId, x.Manager.ManagerName, x.Row.OccurredAt, x.Row.DurationSeconds,
                x.Row.DealId, x.Row.Deal, x.Pick.Strata, x.Row.Recording)).ToList();
    }

    /// <summary>The talked calls of the managers since a moment that nobody reviewed yet, with their groups, per manager.</summary>
    private static async Task<Dictionary<int, List<SampleCandidate>>> CandidatesAsync(VoronkaDbContext db, List<int> managerIds,
        DateTime since, CancellationToken ct)
    {
        if (managerIds.Count == 0) return [];
        var rows = await (from a in db.Activities
                          where managerIds.Contains(a.UserId) && a.Type == ActivityType.Call && a.OccurredAt >= since
                              && a.DurationSeconds > 0 && !db.Set<CallReview>().Any(r => r.ActivityId == a.Id)
                          orderby a.Id
                          select new
                          {
                              a.Id, a.UserId,
                              First = a.DealId != null && !db.Activities.Any(b => b.DealId == a.DealId && b.Type == ActivityType.Call
                                  && (b.OccurredAt < a.OccurredAt || (b.OccurredAt == a.OccurredAt && b.Id < a.Id))),
                              Lost = db.Deals.Any(d => d.Id == a.DealId
                                  && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Lost)),
                              Long = a.DurationSeconds >= ReviewSampler.LongCallSeconds,
                          }).Take(2000 * managerIds.Count).ToListAsync(ct);
        return rows.GroupBy(x => x.UserId).ToDictionary(g => g.Key, g => g.Select(x => new SampleCandidate(x.Id,
            (x.First ? CallStrata.First : 0) | (x.Lost ? CallStrata.LostDeal : 0) | (x.Long ? CallStrata.Long : 0))).ToList());
    }

    /// <summary>The reviews released by the reviewers in a time range, per reviewer and manager: the debt and the KPI
    /// "calls reviewed" count the same.</summary>
    internal static async Task<List<(int ReviewerId, int ManagerId, int Count)>> ReleasedAsync(VoronkaDbContext db,
        IReadOnlyCollection<int> reviewers, DateTime start, DateTime end, CancellationToken ct) =>
        (await db.Set<CallReview>().Where(r => reviewers.Contains(r.ReviewerId) && r.Status == ReviewStatus.Released
                && r.ReleasedAt >= start && r.ReleasedAt < end)
            .GroupBy(r => new { r.ReviewerId, r.ManagerId }).Select(g => new { g.Key.ReviewerId, g.Key.ManagerId, Count = g.Count() })
            .ToListAsync(ct)).Select(x => (x.ReviewerId, x.ManagerId, x.Count)).ToList();

    /// <summary>Whose calls a reviewer reviews: the director every active seller but themselves, a senior the team's managers.</summary>
    private static async Task<List<(int Id, string FullName)>> ManagersOfAsync(VoronkaDbContext db, int reviewerId, UserRole role,
        int? teamId, CancellationToken ct) =>
        (await db.Users.Where(u => u.IsActive && u.Id != reviewerId
                && (role == UserRole.Director ? u.Role == UserRole.Manager || u.Role == UserRole.Senior
                    : u.Role == UserRole.Manager && teamId != null && u.TeamId == teamId))
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct)).Select(x => (x.Id, x.FullName)).ToList();

    /// <summary>Monday to Sunday around a day.</summary>
    public static (DateOnly From, DateOnly To) Week(DateOnly day)
    {
        var from = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return (from, from.AddDays(6));
    }
}
