using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Reviews;

/// <summary>The per-question statistic of a scorecard: its questions (by their text, across revisions), the days a deal
/// has to move on, the manager it is limited to, and the rows.</summary>
public sealed record EffectResponse(int ScorecardId, string ScorecardName, int Days, int? ManagerId, int Floor,
    IReadOnlyList<QuestionEffectRow> Questions);

/// <summary>
/// Whether meeting a scorecard's questions moves deals: every released review of the card the actor sees (the director's
/// all, a senior's the team's), each answered question met (scored one half or more) or not, and whether the call's deal
/// moved forward — to a later open stage or won — within the days after the call (<see cref="QuestionEffect"/>).
/// </summary>
public sealed class ReviewStats(IDbContextFactory<VoronkaDbContext> factory)
{
    public async Task<EffectResponse> EffectAsync(Actor actor, int scorecardId, int? days, int? managerId, CancellationToken ct)
    {
        if (!(actor.IsDirector || actor.IsSenior))
            throw new ForbiddenException("The review statistics are the director's and the seniors'.");
        var window = days ?? 14;
        if (window is < 1 or > 365) throw ValidationFailedException.For("days", "must be between 1 and 365.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var name = await db.Set<Scorecard>().Where(s => s.Id == scorecardId).Select(s => s.Name).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Scorecard", scorecardId);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var reviews = ReviewsService.Visible(db, scope).Where(r => r.Status == ReviewStatus.Released);
        if (actor.IsSenior) reviews = reviews.Where(r => scope.Owners.Contains(r.ManagerId));
        if (managerId is int m) reviews = reviews.Where(r => r.ManagerId == m);
        var answers = await (from r in reviews
                             join x in db.Set<ScorecardRevision>() on r.RevisionId equals x.Id
                             where x.ScorecardId == scorecardId
                             join a in db.Set<ReviewAnswer>() on r.Id equals a.ReviewId
                             join q in db.Set<ScorecardQuestion>() on a.QuestionId equals q.Id
                             join act in db.Activities on r.ActivityId equals act.Id
                             where !a.Na && a.Value != null
                             select new { q.Text, q.Kind, q.Options, Value = a.Value!.Value, act.DealId, act.OccurredAt }).ToListAsync(ct);
        var deals = answers.Where(a => a.DealId != null).Select(a => a.DealId!.Value).Distinct().ToList();
        var forward = await DealMoves.Forward(db).Where(c => deals.Contains(c.DealId)).Select(c => new { c.DealId, c.ChangedAt })
            .ToListAsync(ct);
        var moves = forward.ToLookup(f => f.DealId, f => f.ChangedAt);
        var samples = answers.Select(a => new EffectSample(a.Text, !Scoring.Fails(Scoring.Normalise(a.Kind, a.Options, a.Value)),
            a.DealId is int d && moves[d].Any(t => t > a.OccurredAt && t <= a.OccurredAt.AddDays(window))));
        return new EffectResponse(scorecardId, name, window, managerId, QuestionEffect.Floor, QuestionEffect.Compute(samples));
    }
}
