using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Reviews;

/// <summary>A call to keep as an example: the whole call or a clip (seconds from–to), why it is good, and its tags.</summary>
public sealed record BestCallRequest(
    long? ActivityId, string? Title, string? Why, int? FromSecond = null, int? ToSecond = null, int? StageId = null, int? ProductId = null,
    string? Objection = null);

public sealed record BestCallResponse(
    int Id, long ActivityId, long? RecordingId, int? FromSecond, int? ToSecond, string Title, string Why, int? StageId, string? StageName,
    int? ProductId, string? Objection, int ManagerId, string ManagerName, int? DealId, string? DealTitle, decimal? Score, int AddedById,
    string AddedByName, DateTime CallAt, DateTime CreatedAt);

public sealed record BestCallQuery
{
    public int? StageId { get; init; }
    public int? ProductId { get; init; }
    /// <summary>Text in the title, the reason or the objection.</summary>
    public string? Q { get; init; }
}

/// <summary>A call proposed for the library: a released review that passed high, on a deal that moved on after it.</summary>
public sealed record BestCallCandidate(int ReviewId, long ActivityId, decimal Score, int ManagerId, string ManagerName, int? DealId,
    string? DealTitle, DateTime CallAt);

/// <summary>
/// The library of best calls: the director and the seniors add calls (or clips) with why they are good, tagged by stage,
/// product and objection; every seller finds them and plays them. Candidates come from reviews scored
/// <see cref="CandidateScore"/> % or more on deals that moved on within two weeks after the call.
/// </summary>
public sealed class BestCallsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const decimal CandidateScore = 85;

    public async Task<IReadOnlyList<BestCallResponse>> ListAsync(Actor actor, BestCallQuery query, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<BestCall>().AsQueryable();
        if (query.StageId is int s) q = q.Where(b => b.StageId == s);
        if (query.ProductId is int p) q = q.Where(b => b.ProductId == p);
        if (Text.Clean(query.Q)?.ToLower() is string text)
            q = q.Where(b => b.Title.ToLower().Contains(text) || b.Why.ToLower().Contains(text)
                || (b.Objection != null && b.Objection.ToLower().Contains(text)));
        return await Project(db, q.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)).Take(500).ToListAsync(ct);
    }

    public async Task<BestCallResponse> AddAsync(Actor actor, BestCallRequest r, CancellationToken ct)
    {
        if (!(actor.IsDirector || actor.IsSenior)) throw new ForbiddenException("The director and the seniors keep the best calls.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var v = new Validator();
        var isCall = r.ActivityId is long aid && await scope.Activities().AnyAsync(a => a.Id == aid && a.Type == ActivityType.Call, ct);
        if (!isCall) v.Add("activityId", "is not a call you see.");
        v.Required(r.Title, "title", 200).Required(r.Why, "why", 2000).MaxLength(r.Objection, "objection", 200);
        v.Check(r.FromSecond is null or (>= 0 and <= 86_400), "fromSecond", "must be between 0 and 86400.");
        v.Check(r.ToSecond is null or (>= 1 and <= 86_400), "toSecond", "must be between 1 and 86400.");
        if (r.FromSecond is int f && r.ToSecond is int t && t <= f) v.Add("toSecond", "must be after fromSecond.");
        if (r.StageId is int st && !await db.Stages.AnyAsync(x => x.Id == st, ct)) v.Add("stageId", "does not exist.");
        if (r.ProductId is int pr && !await db.Products.AnyAsync(x => x.Id == pr, ct)) v.Add("productId", "does not exist.");
        v.ThrowIfInvalid();
        var best = new BestCall
        {
            ActivityId = r.ActivityId!.Value, FromSecond = r.FromSecond, ToSecond = r.ToSecond, Title = r.Title!.Trim(),
            Why = r.Why!.Trim(),
            StageId = r.StageId, ProductId = r.ProductId, Objection = Text.Clean(r.Objection), AddedById = actor.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(best);
        await db.SaveChangesAsync(ct);
        return await Project(db, db.Set<BestCall>().Where(b => b.Id == best.Id)).SingleAsync(ct);
    }

    /// <summary>Takes a call out of the library: the director, or whoever added it.</summary>
    public async Task RemoveAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var best = await db.Set<BestCall>().FirstOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException("Best call", id);
        if (!actor.IsDirector && best.AddedById != actor.UserId)
            throw new ForbiddenException("Only the director or whoever added it takes a call out of the library.");
        db.Remove(best);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Calls to propose: released reviews the actor sees scored high on deals that moved on within two weeks.</summary>
    public async Task<IReadOnlyList<BestCallCandidate>> CandidatesAsync(Actor actor, CancellationToken ct)
    {
        if (!(actor.IsDirector || actor.IsSenior)) throw new ForbiddenException("The director and the seniors keep the best calls.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var reviews = ReviewsService.Visible(db, await AccessScope.ForAsync(db, actor, ct));
        return await (from r in reviews
                      where r.Status == ReviewStatus.Released && r.Passed && r.Score >= CandidateScore
                          && !db.Set<BestCall>().Any(b => b.ActivityId == r.ActivityId)
                      join a in db.Activities on r.ActivityId equals a.Id
                      where DealMoves.Forward(db).Any(c => c.DealId == a.DealId && c.ChangedAt > a.OccurredAt
                          && c.ChangedAt <= a.OccurredAt.AddDays(14))
                      join u in db.Users on r.ManagerId equals u.Id
                      orderby r.Score descending, r.Id descending
                      select new BestCallCandidate(r.Id, r.ActivityId, r.Score!.Value, r.ManagerId, u.FullName, a.DealId,
                          db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(), a.OccurredAt))
            .Take(20).ToListAsync(ct);
    }

    private static IQueryable<BestCallResponse> Project(VoronkaDbContext db, IQueryable<BestCall> q) =>
        from b in q
        join a in db.Activities on b.ActivityId equals a.Id
        join m in db.Users on a.UserId equals m.Id
        join adder in db.Users on b.AddedById equals adder.Id
        select new BestCallResponse(b.Id, b.ActivityId,
            db.Set<Recording>().Where(x => x.ActivityId == a.Id && x.State == RecordingState.Stored).Select(x => (long?)x.Id)
                .FirstOrDefault(),
            b.FromSecond, b.ToSecond, b.Title, b.Why, b.StageId,
            db.Stages.Where(s => s.Id == b.StageId).Select(s => s.Name).FirstOrDefault(), b.ProductId, b.Objection, a.UserId, m.FullName,
            a.DealId, db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(),
            db.Set<CallReview>().Where(r => r.ActivityId == a.Id && r.Status == ReviewStatus.Released).Max(r => r.Score), b.AddedById,
            adder.FullName, a.OccurredAt, b.CreatedAt);
}
