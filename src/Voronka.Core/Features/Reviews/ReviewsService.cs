using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Reviews;

/// <summary>Start a review of a call (its activity) on a scorecard's published revision; without a scorecard, on the first
/// active one (by name) whose "applies to" fits the call.</summary>
public sealed record StartReviewRequest(long? ActivityId, int? ScorecardId);

/// <summary>The answer to a question: <see cref="Value"/> 1/0 for yes/no, 1–5 for a mark, the choice's index; or N/A.</summary>
public sealed record AnswerRequest(int? QuestionId, int? Value = null, bool Na = false, string? Comment = null);

/// <summary>A draft's answers (replaced whole) and summary, with the version read.</summary>
public sealed record ReviewRequest(IReadOnlyList<AnswerRequest>? Answers, string? Summary, int? Version);

/// <summary>A comment on a review; <see cref="AtSecond"/> pins it to a moment of the recording.</summary>
public sealed record CommentRequest(string? Text, int? AtSecond = null);

public sealed record AnswerResponse(int QuestionId, int? Value, bool Na, string? Comment, decimal? Score);

public sealed record CommentResponse(int Id, int AuthorId, string AuthorName, int? AtSecond, string Text, DateTime CreatedAt);

/// <summary>A review with its call, the revision's questions, the answers and their scores, the card's result and the
/// comments in order.</summary>
public sealed record ReviewResponse(
    int Id, long ActivityId, long? CallId, long? RecordingId, DateTime CallAt, int? DurationSeconds, int? DealId, string? DealTitle,
    int ManagerId, string ManagerName, int ReviewerId, string ReviewerName, ReviewStatus Status, string ScorecardName,
    RevisionResponse Revision, IReadOnlyList<AnswerResponse> Answers, string? Summary, decimal? Score, bool CriticalFailed, bool Passed,
    DateTime CreatedAt, DateTime? ReleasedAt, int Version, IReadOnlyList<CommentResponse> Comments);

public sealed record ReviewListItem(
    int Id, long ActivityId, DateTime CallAt, int ManagerId, string ManagerName, int ReviewerId, string ReviewerName, ReviewStatus Status,
    string ScorecardName, decimal? Score, bool Passed, DateTime CreatedAt, DateTime? ReleasedAt);

public sealed record ReviewQuery : PageRequest
{
    public int? ManagerId { get; init; }
    public int? ReviewerId { get; init; }
    public ReviewStatus? Status { get; init; }
    public long? ActivityId { get; init; }
}

/// <summary>
/// Call reviews: the director reviews anyone's calls, a senior the team's, a manager their own; the reviewer fills the
/// answers in a draft and releases it, which fixes the score and tells the manager, who then reads it and replies.
/// </summary>
public sealed class ReviewsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<Page<ReviewListItem>> ListAsync(Actor actor, ReviewQuery query, CancellationToken ct)
    {
        var v = new Validator();
        query.Validate(v);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = Visible(db, await AccessScope.ForAsync(db, actor, ct));
        if (query.ManagerId is int m) q = q.Where(r => r.ManagerId == m);
        if (query.ReviewerId is int rv) q = q.Where(r => r.ReviewerId == rv);
        if (query.Status is ReviewStatus s) q = q.Where(r => r.Status == s);
        if (query.ActivityId is long a) q = q.Where(r => r.ActivityId == a);
        var total = await q.CountAsync(ct);
        var items = await (from r in q
                           join act in db.Activities on r.ActivityId equals act.Id
                           join mu in db.Users on r.ManagerId equals mu.Id
                           join ru in db.Users on r.ReviewerId equals ru.Id
                           join x in db.Set<ScorecardRevision>() on r.RevisionId equals x.Id
                           join card in db.Set<Scorecard>() on x.ScorecardId equals card.Id
                           orderby r.CreatedAt descending, r.Id descending
                           select new ReviewListItem(r.Id, r.ActivityId, act.OccurredAt, r.ManagerId, mu.FullName, r.ReviewerId,
                               ru.FullName, r.Status, card.Name, r.Score, r.Passed, r.CreatedAt, r.ReleasedAt))
            .Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new Page<ReviewListItem>(items, total);
    }

    public async Task<ReviewResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var review = await Visible(db, await AccessScope.ForAsync(db, actor, ct)).AsNoTracking().Include(r => r.Answers)
            .FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Review", id);
        return await ResponseAsync(db, review, ct);
    }

    public async Task<ReviewResponse> StartAsync(Actor actor, StartReviewRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = r.ActivityId is long aid
            ? await scope.Activities().Where(a => a.Id == aid).Select(a => new
            {
                a.Type, a.UserId, a.Direction, a.DurationSeconds,
                Deal = db.Deals.Where(d => d.Id == a.DealId).Select(d => new { d.PipelineId, d.StageId }).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct)
            : null;
        var v = new Validator();
        if (activity is null) v.Add("activityId", "is not a call you see.");
        else if (activity.Type != ActivityType.Call) v.Add("activityId", "must be a call.");
        var published = await (from x in db.Set<ScorecardRevision>().Include(x => x.Questions)
                                join s in db.Set<Scorecard>() on x.ScorecardId equals s.Id
                                where s.IsActive && x.PublishedAt != null && (r.ScorecardId == null || s.Id == r.ScorecardId)
                                    && !db.Set<ScorecardRevision>().Any(y => y.ScorecardId == x.ScorecardId && y.PublishedAt != null
                                        && y.Number > x.Number)
                                orderby s.Name
                                select x).ToListAsync(ct);
        var way = activity?.Direction switch
        {
            CallDirection.Outgoing => CallWay.Out, CallDirection.Incoming => CallWay.In, _ => (CallWay?)null,
        };
        var revision = r.ScorecardId is not null ? published.FirstOrDefault()?.Id
            : published.FirstOrDefault(x => Scoring.Applies(x, way, activity?.Deal?.PipelineId, activity?.Deal?.StageId,
                activity?.DurationSeconds))?.Id;
        if (revision is null)
            v.Add("scorecardId", r.ScorecardId is null ? "is required: no active scorecard applies to this call."
                : "must be an active scorecard with a published revision.");
        v.ThrowIfInvalid();
        if (!MayReview(scope, activity!.UserId))
            throw new ForbiddenException("The director reviews anyone's calls, a senior the team's, a manager their own.");
        var now = clock.GetUtcNow().UtcDateTime;
        var review = new CallReview
        {
            ActivityId = r.ActivityId!.Value, RevisionId = revision!.Value, ReviewerId = actor.UserId, ManagerId = activity.UserId,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(review);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, review.Id, ct);
    }

    /// <summary>Saves the reviewer's draft: each answer checked against its question.</summary>
    public async Task<ReviewResponse> SaveAsync(Actor actor, int id, ReviewRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var review = await DraftOfAsync(db, actor, id, ct);
        Versions.Check(db, review, r.Version, review.Version, "review");
        var questions = await db.Set<ScorecardQuestion>().Where(q => q.RevisionId == review.RevisionId).ToDictionaryAsync(q => q.Id, ct);
        var v = new Validator();
        v.MaxLength(r.Summary, "summary", 4000);
        var answers = r.Answers ?? [];
        for (var i = 0; i < answers.Count; i++) CheckAnswer(answers[i], questions, v, $"answers[{i}].");
        if (answers.GroupBy(a => a.QuestionId).Any(g => g.Count() > 1)) v.Add("answers", "must answer each question once.");
        v.ThrowIfInvalid();
        review.Answers.Clear();
        review.Answers.AddRange(answers.Select(a => new ReviewAnswer
        {
            QuestionId = a.QuestionId!.Value, Value = a.Na ? null : a.Value, Na = a.Na, Comment = Text.Clean(a.Comment),
        }));
        review.Summary = Text.Clean(r.Summary);
        review.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("review"); }
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Releases the draft: every question answered (or N/A where allowed), the score fixed, the manager told.</summary>
    public async Task<ReviewResponse> ReleaseAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var review = await DraftOfAsync(db, actor, id, ct);
        var questions = await db.Set<ScorecardQuestion>().Where(q => q.RevisionId == review.RevisionId).OrderBy(q => q.Position)
            .ToListAsync(ct);
        var v = new Validator();
        foreach (var q in questions.Where(q => review.Answers.All(a => a.QuestionId != q.Id)))
            v.Add($"questions[{q.Position}]", "needs an answer" + (q.AllowNa ? " or N/A." : "."));
        v.ThrowIfInvalid();
        var passMark = await db.Set<ScorecardRevision>().Where(x => x.Id == review.RevisionId).Select(x => x.PassMark).SingleAsync(ct);
        var result = Scoring.Card(questions.Select(q => Mark(q, review.Answers.Single(a => a.QuestionId == q.Id))), passMark);
        var now = clock.GetUtcNow().UtcDateTime;
        (review.Status, review.Score, review.CriticalFailed, review.Passed, review.ReleasedAt, review.UpdatedAt) =
            (ReviewStatus.Released, result.Score, result.CriticalFailed, result.Passed, now, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (review.ManagerId != actor.UserId)
            await Notify.AddAsync(db, review.ManagerId, NotificationKind.ReviewReleased, await SubjectAsync(db, review, ct),
                $"/reviews/{review.Id}", now, ct);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("review"); }
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>A comment: the reviewer's at any time, pinned to a moment or not; once released, anyone who sees the review
    /// answers — the manager's reply tells the reviewer, anyone else's the manager.</summary>
    public async Task<ReviewResponse> CommentAsync(Actor actor, int id, CommentRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var review = await Visible(db, await AccessScope.ForAsync(db, actor, ct)).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Review", id);
        if (review.Status == ReviewStatus.Draft && review.ReviewerId != actor.UserId)
            throw new ForbiddenException("Only the reviewer comments on a draft.");
        var v = new Validator();
        v.Required(r.Text, "text", 2000);
        v.Check(r.AtSecond is null or (>= 0 and <= 86_400), "atSecond", "must be between 0 and 86400.");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new ReviewComment { ReviewId = id, AuthorId = actor.UserId, AtSecond = r.AtSecond, Text = r.Text!.Trim(), CreatedAt = now });
        if (review.Status == ReviewStatus.Released)
        {
            var tell = actor.UserId == review.ManagerId ? review.ReviewerId : review.ManagerId;
            if (tell != actor.UserId)
                await Notify.AddAsync(db, tell, NotificationKind.ReviewComment, await SubjectAsync(db, review, ct), $"/reviews/{id}", now,
                    ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>Reviews the actor sees: all for the director; those they wrote and the team's released ones for a senior;
    /// for a manager those they wrote and the released ones of their calls.</summary>
    internal static IQueryable<CallReview> Visible(VoronkaDbContext db, AccessScope scope)
    {
        var me = scope.Actor.UserId;
        var owners = scope.Owners.ToArray();
        var reviews = db.Set<CallReview>();
        return scope.Actor.Role switch
        {
            UserRole.Director => reviews,
            UserRole.Senior => reviews.Where(r => r.ReviewerId == me
                || (owners.Contains(r.ManagerId) && r.Status == ReviewStatus.Released)),
            UserRole.Manager => reviews.Where(r => r.ReviewerId == me || (r.ManagerId == me && r.Status == ReviewStatus.Released)),
            _ => reviews.Where(r => false),
        };
    }

    private static bool MayReview(AccessScope scope, int managerId) => scope.Actor.Role switch
    {
        UserRole.Director => true,
        UserRole.Senior => scope.Owners.Contains(managerId),
        UserRole.Manager => managerId == scope.Actor.UserId,
        _ => false,
    };

    private static async Task<CallReview> DraftOfAsync(VoronkaDbContext db, Actor actor, int id, CancellationToken ct)
    {
        var review = await Visible(db, await AccessScope.ForAsync(db, actor, ct)).Include(r => r.Answers)
            .FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Review", id);
        if (review.ReviewerId != actor.UserId) throw new ForbiddenException("Only the reviewer changes a review.");
        if (review.Status != ReviewStatus.Draft) throw new ConflictException("The review is released; it no longer changes.");
        return review;
    }

    private static void CheckAnswer(AnswerRequest a, IReadOnlyDictionary<int, ScorecardQuestion> questions, Validator v, string prefix)
    {
        v.MaxLength(a.Comment, prefix + "comment", 2000);
        if (a.QuestionId is not int qid || !questions.TryGetValue(qid, out var q))
        {
            v.Add(prefix + "questionId", "is not a question of the review's scorecard.");
            return;
        }
        if (a.Na)
        {
            if (!q.AllowNa) v.Add(prefix + "na", "is not allowed for this question.");
            if (a.Value is not null) v.Add(prefix + "value", "must be left out when the question is N/A.");
        }
        else if (a.Value is not int value || !Scoring.IsValid(q.Kind, q.Options.Count, value))
            v.Add(prefix + "value", q.Kind switch
            {
                QuestionKind.YesNo => "must be 1 (yes) or 0 (no).",
                QuestionKind.Scale => "must be a mark from 1 to 5.",
                _ => $"must be the number of a choice, 0 to {q.Options.Count - 1}.",
            });
    }

    private static QuestionMark Mark(ScorecardQuestion q, ReviewAnswer a) =>
        new(q.Weight, q.Critical, a.Na || a.Value is null ? null : Scoring.Normalise(q.Kind, q.Options, a.Value.Value));

    private static async Task<string> SubjectAsync(VoronkaDbContext db, CallReview review, CancellationToken ct)
    {
        var call = await db.Activities.Where(a => a.Id == review.ActivityId)
            .Select(a => new { a.OccurredAt, Deal = db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(),
                a.Subject }).SingleAsync(ct);
        return $"{call.Deal ?? call.Subject ?? "—"} ({call.OccurredAt:yyyy-MM-dd HH:mm} UTC)";
    }

    private static async Task<ReviewResponse> ResponseAsync(VoronkaDbContext db, CallReview r, CancellationToken ct)
    {
        var revision = (await ScorecardsService.RevisionAsync(db, r.RevisionId, ct))!;
        var card = await db.Set<Scorecard>().Where(s => s.Id == revision.ScorecardId).Select(s => s.Name).SingleAsync(ct);
        var call = await db.Activities.Where(a => a.Id == r.ActivityId).Select(a => new
        {
            a.OccurredAt, a.DurationSeconds, a.DealId, Deal = db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(),
            CallId = db.Set<Call>().Where(c => c.ActivityId == a.Id).Select(c => (long?)c.Id).FirstOrDefault(),
            RecordingId = db.Set<Recording>().Where(x => x.ActivityId == a.Id && x.State == RecordingState.Stored).Select(x => (long?)x.Id)
                .FirstOrDefault(),
        }).SingleAsync(ct);
        var names = await db.Users.Where(u => u.Id == r.ManagerId || u.Id == r.ReviewerId)
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var comments = await (from c in db.Set<ReviewComment>()
                              join u in db.Users on c.AuthorId equals u.Id
                              where c.ReviewId == r.Id
                              orderby c.CreatedAt, c.Id
                              select new CommentResponse(c.Id, c.AuthorId, u.FullName, c.AtSecond, c.Text, c.CreatedAt)).ToListAsync(ct);
        var byQuestion = revision.Questions.ToDictionary(q => q.Id);
        var answers = r.Answers.OrderBy(a => byQuestion[a.QuestionId].Position).Select(a => new AnswerResponse(a.QuestionId, a.Value, a.Na,
            a.Comment, a.Na || a.Value is null ? null
                : Math.Round(Scoring.Normalise(byQuestion[a.QuestionId].Kind, byQuestion[a.QuestionId].Options, a.Value.Value) * 100m, 2)))
            .ToList();
        return new ReviewResponse(r.Id, r.ActivityId, call.CallId, call.RecordingId, call.OccurredAt, call.DurationSeconds, call.DealId,
            call.Deal, r.ManagerId, names[r.ManagerId], r.ReviewerId, names[r.ReviewerId], r.Status, card, revision, answers, r.Summary,
            r.Score, r.CriticalFailed, r.Passed, r.CreatedAt, r.ReleasedAt, r.Version, comments);
    }
}
