using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reports;

/// <summary>What the hot-lead score looks at for one open deal.</summary>
public sealed record LeadFacts(long AmountMinor, int Probability, int ActivitiesLast14Days, int? DaysSinceContact, int EngagementLast30Days, bool Rotting);

/// <summary>One part of the score: a code (stage, amount, activity, recency, engagement, rotting), its points and the value behind it.</summary>
public sealed record ScorePart(string Code, decimal Points, string Value);

/// <summary>
/// The hot-lead score, 0–100, as a sum of visible parts: the stage's probability (up to 35), the amount against
/// twice the average won deal (up to 20), activities in the last 14 days (5 or more: 20), how recent the last contact
/// is (3 days: 15, a week: 10, two weeks: 5), the client's own engagement in 30 days — incoming calls and meetings
/// (2 or more: 10) — and 10 off for a deal rotting in its stage.
/// </summary>
public static class LeadScore
{
    public static (decimal Score, IReadOnlyList<ScorePart> Parts) Score(LeadFacts f, long averageWonMinor)
    {
        var parts = new List<ScorePart>
        {
            new("stage", decimal.Round(f.Probability * 0.35m, 1), $"{f.Probability} %"),
            new("amount", averageWonMinor <= 0 ? 0 : decimal.Round(Math.Min(1m, f.AmountMinor / (2m * averageWonMinor)) * 20m, 1), Money.FromMinor(f.AmountMinor).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("activity", decimal.Round(Math.Min(1m, f.ActivitiesLast14Days / 5m) * 20m, 1), f.ActivitiesLast14Days.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("recency", f.DaysSinceContact switch { <= 3 => 15, <= 7 => 10, <= 14 => 5, _ => 0 }, f.DaysSinceContact?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"),
            new("engagement", decimal.Round(Math.Min(1m, f.EngagementLast30Days / 2m) * 10m, 1), f.EngagementLast30Days.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (f.Rotting) parts.Add(new ScorePart("rotting", -10, ""));
        return (Math.Max(0, parts.Sum(p => p.Points)), parts);
    }
}

public sealed record HotLeadsQuery : ReportQuery
{
    /// <summary>How many leads (1–100, 20 by default).</summary>
    public int? Take { get; init; }
}

public sealed record HotLead(int DealId, string Title, string? Company, int OwnerId, string Owner, int StageId, string Stage, decimal Amount, decimal Score, IReadOnlyList<ScorePart> Reasons);

/// <summary>Open deals ranked by <see cref="LeadScore"/>. The database ranks every open deal of the cuts by the score
/// before its parts are rounded, from each deal's kept latest activities (<see cref="DealActivityFacts"/>); the best
/// candidates are then scored exactly from the same facts (a score counts no more than five recent activities and
/// two engagements, which the facts hold), and the leads shown are read from their activities for the counts their
/// parts show. Activities count from the start
/// of their window on (an activity may be logged up to a day ahead; it counts as recent). Rounding moves a score by at most 0.2, so candidates are fetched until the
/// last one fetched could no longer reach the list.</summary>
public sealed class HotLeadsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How far the score shown can be from the unrounded one the database ranks by: four parts rounded to 0.1.</summary>
    private const double RoundingSlack = 0.21;

    public async Task<IReadOnlyList<HotLead>> ListAsync(Actor actor, HotLeadsQuery q, CancellationToken ct = default)
    {
        if (q.Take is < 1 or > 100) throw ValidationFailedException.For("take", "must be between 1 and 100.");
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListAsync(db, actor, q, ct);
    }

    internal async Task<IReadOnlyList<HotLead>> ListAsync(VoronkaDbContext db, Actor actor, HotLeadsQuery q, CancellationToken ct)
    {
        var take = q.Take ?? 20;
        var now = clock.GetUtcNow().UtcDateTime;
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deals = ReportFilter.Apply(db, scope, q).Where(d => d.ClosedAt == null);
        var d14 = now.AddDays(-14);
        var d30 = now.AddDays(-30);
        // A contact less than 4, 8 or 15 days ago is at most 3, 7 or 14 whole days old.
        var (r4, r8, r15) = (now.AddDays(-4), now.AddDays(-8), now.AddDays(-15));
        var (wonSum, wonCount) = await KeptFigures.WonBetweenAsync(db, now.AddYears(-1), now.AddTicks(1), await OrgTime.ZoneAsync(db, ct), ct);
        var averageWon = wonCount == 0 ? 0 : wonSum / wonCount;
        var twiceAverage = 2.0 * averageWon;

        // Each open deal's latest activities are kept (KeptFigures): the capped counts come from them, not from the activities.
        var rotting = await RottingDeals.PredicateAsync(db, now, ct);
        var facts = deals
            .Select(Predicates.With(rotting, (Deal d, bool rots) => new { d.Id, d.AmountMinor, d.StageId, Rots = rots }))
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d.Id, d.AmountMinor, s.Probability, d.Rots })
            // A deal without an activity in 30 days gets nothing from them: only the facts of recent ones are joined.
            .LeftJoin(db.DealActivityFacts.Where(f => f.Latest1 >= d30), x => x.Id, f => f.DealId, (x, f) => new
            {
                x.Id, x.AmountMinor, x.Probability, x.Rots,
                Recent = (f!.Latest1 >= d14 ? 1 : 0) + (f!.Latest2 >= d14 ? 1 : 0) + (f!.Latest3 >= d14 ? 1 : 0) + (f!.Latest4 >= d14 ? 1 : 0) + (f!.Latest5 >= d14 ? 1 : 0),
                Engaged = (f!.Engaged1 >= d30 ? 1 : 0) + (f!.Engaged2 >= d30 ? 1 : 0),
                Last = (DateTime?)f!.Latest1,
            });
        var ranked = facts
            .Select(x => new
            {
                x.Id, x.AmountMinor, x.Probability, x.Recent, x.Engaged, x.Last, x.Rots,
                Rank = x.Probability * 0.35
                    + (twiceAverage <= 0 ? 0.0 : (x.AmountMinor / twiceAverage < 1.0 ? x.AmountMinor / twiceAverage : 1.0) * 20.0)
                    + x.Recent * 4.0
                    + (x.Last > r4 ? 15.0 : x.Last > r8 ? 10.0 : x.Last > r15 ? 5.0 : 0.0)
                    + x.Engaged * 5.0
                    - (x.Rots ? 10.0 : 0.0),
            })
            .OrderByDescending(x => x.Rank).ThenByDescending(x => x.AmountMinor).ThenBy(x => x.Id);

        // First the best few hundred; when rounding could still let others in, every deal ranked close enough to the last place.
        var candidates = await ranked.Take(take + 200)
            .Select(x => new Candidate(x.Id, x.AmountMinor, x.Probability, x.Recent, x.Engaged, x.Last, x.Rots, x.Rank))
                .ToListAsync(ct);
        var result = await ScoreAsync(candidates);
        if (candidates.Count == take + 200 && !(result.Count == take && result[^1].Score > 0 && candidates[^1].Rank + RoundingSlack < (double)result[^1].Score))
        {
            var cutoff = result.Count == take && result[^1].Score > 0 ? (double)result[^1].Score - RoundingSlack : double.MinValue;
            result = await ScoreAsync(await ranked.Where(x => x.Rank >= cutoff)
                .Select(x => new Candidate(x.Id, x.AmountMinor, x.Probability, x.Recent, x.Engaged, x.Last, x.Rots, x.Rank))
                .ToListAsync(ct));
        }
        return result;

        async Task<List<HotLead>> ScoreAsync(List<Candidate> found)
        {
            // The score needs no more than five recent activities and two engagements, which the kept facts hold, so the
            // candidates are scored from them; only the leads shown are read from their activities, for the counts shown.
            var ids = found
                .Select(c => (c.Id, c.AmountMinor, LeadScore.Score(new LeadFacts(c.AmountMinor, c.Probability, c.Recent,
                    c.Last is DateTime l ? Math.Max(0, (int)(now - l).TotalDays) : null, c.Engaged, c.Rots), averageWon).Score))
                .OrderByDescending(x => x.Score).ThenByDescending(x => x.AmountMinor).ThenBy(x => x.Id)
                .Take(take).Select(x => x.Id).ToList();
            var rows = await db.Deals.Where(d => ids.Contains(d.Id))
                .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new { d, s })
                .Select(x => new
                {
                    x.d.Id, x.d.Title, x.d.OwnerId, x.d.CompanyId, x.d.StageId, Stage = x.s.Name, x.d.AmountMinor, x.s.Probability, x.s.RottingDays, x.d.StageEnteredAt,
                    Owner = db.Users.Where(u => u.Id == x.d.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                    Company = db.Companies.Where(c => c.Id == x.d.CompanyId).Select(c => c.Name).FirstOrDefault(),
                    Recent = db.Activities.Count(a => a.DealId == x.d.Id && a.OccurredAt >= d14),
                    Last = db.Activities.Where(a => a.DealId == x.d.Id).Max(a => (DateTime?)a.OccurredAt),
                    Engaged = db.Activities.Count(a => a.DealId == x.d.Id && a.OccurredAt >= d30
                        && (a.Type == ActivityType.Meeting || (a.Type == ActivityType.Call && a.Direction == CallDirection.Incoming))),
                })
                .ToListAsync(ct);
            return rows.Select(r =>
                {
                    var rotting = r.RottingDays is int days && (now - r.StageEnteredAt).TotalDays > days;
                    var facts = new LeadFacts(r.AmountMinor, r.Probability, r.Recent, r.Last is DateTime l ? Math.Max(0, (int)(now - l).TotalDays) : null, r.Engaged, rotting);
                    var (score, parts) = LeadScore.Score(facts, averageWon);
                    return new HotLead(r.Id, r.Title, r.Company, r.OwnerId, r.Owner ?? "", r.StageId, r.Stage, Money.FromMinor(r.AmountMinor), score, parts);
                })
                .OrderByDescending(x => x.Score).ThenByDescending(x => x.Amount).ThenBy(x => x.DealId)
                .ToList();
        }
    }

    /// <summary>An open deal as ranked by the database, with the kept facts its score is counted from.</summary>
    private sealed record Candidate(
        int Id, long AmountMinor, int Probability, int Recent, int Engaged, DateTime? Last, bool Rots, double Rank);
}

/// <summary>Deals that have stood in their stage longer than the stage allows.</summary>
internal static class RottingDeals
{
    /// <summary>"In this stage and entered before now minus its limit", one part per stage with a limit: the
    /// database compares times, with no date arithmetic per deal (which SQLite does on text).</summary>
    public static async Task<System.Linq.Expressions.Expression<Func<Deal, bool>>> PredicateAsync(VoronkaDbContext db, DateTime now, CancellationToken ct)
    {
        var limits = await db.Stages.Where(s => s.Kind == StageKind.Open && s.RottingDays != null).Select(s => new { s.Id, s.RottingDays }).ToListAsync(ct);
        return Predicates.AnyOf(limits.Select(s =>
        {
            var (id, since) = (s.Id, now.AddDays(-s.RottingDays!.Value));
            return (System.Linq.Expressions.Expression<Func<Deal, bool>>)(d => d.StageId == id && d.StageEnteredAt < since);
        }));
    }
}
