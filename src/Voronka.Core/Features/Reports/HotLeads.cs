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

/// <summary>Open deals ranked by <see cref="LeadScore"/>: the facts are counted in the database for every open deal of
/// the cuts, the score is computed from them with its parts shown.</summary>
public sealed class HotLeadsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<HotLead>> ListAsync(Actor actor, HotLeadsQuery q, CancellationToken ct = default)
    {
        if (q.Take is < 1 or > 100) throw ValidationFailedException.For("take", "must be between 1 and 100.");
        if (actor.IsAssistant) throw new ForbiddenException("Reports are for the people who sell and lead.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListAsync(db, actor, q, ct);
    }

    internal async Task<IReadOnlyList<HotLead>> ListAsync(VoronkaDbContext db, Actor actor, HotLeadsQuery q, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deals = ReportFilter.Apply(db, scope, q).Where(d => d.ClosedAt == null);
        var d14 = now.AddDays(-14);
        var d30 = now.AddDays(-30);
        var yearAgo = now.AddYears(-1);
        var averageWon = await db.Deals.WonBetween(db, yearAgo, now.AddTicks(1)).AverageMinorAsync(ct);
        var rows = await deals
            .Join(db.Stages.Where(s => s.Kind == StageKind.Open), d => d.StageId, s => s.Id, (d, s) => new { d, s })
            .Select(x => new
            {
                x.d.Id, x.d.Title, x.d.OwnerId, x.d.CompanyId, x.d.StageId, Stage = x.s.Name, x.d.AmountMinor, x.s.Probability, x.s.RottingDays, x.d.StageEnteredAt,
                Recent = db.Activities.Count(a => a.DealId == x.d.Id && a.OccurredAt >= d14 && a.OccurredAt <= now),
                Last = db.Activities.Where(a => a.DealId == x.d.Id && a.OccurredAt <= now).Max(a => (DateTime?)a.OccurredAt),
                Engaged = db.Activities.Count(a => a.DealId == x.d.Id && a.OccurredAt >= d30 && a.OccurredAt <= now
                    && (a.Type == ActivityType.Meeting || (a.Type == ActivityType.Call && a.Direction == CallDirection.Incoming))),
            })
            .ToListAsync(ct);
        var scored = rows.Select(r =>
            {
                var rotting = r.RottingDays is int days && (now - r.StageEnteredAt).TotalDays > days;
                var facts = new LeadFacts(r.AmountMinor, r.Probability, r.Recent, r.Last is DateTime l ? (int)(now - l).TotalDays : null, r.Engaged, rotting);
                var (score, parts) = LeadScore.Score(facts, averageWon);
                return (r, score, parts);
            })
            .OrderByDescending(x => x.score).ThenByDescending(x => x.r.AmountMinor).ThenBy(x => x.r.Id)
            .Take(q.Take ?? 20).ToList();
        var ownerIds = scored.Select(x => x.r.OwnerId).Distinct().ToList();
        var companyIds = scored.Where(x => x.r.CompanyId is not null).Select(x => x.r.CompanyId!.Value).Distinct().ToList();
        var owners = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var companies = await db.Companies.Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return scored.Select(x => new HotLead(x.r.Id, x.r.Title, x.r.CompanyId is int c ? companies.GetValueOrDefault(c) : null, x.r.OwnerId, owners.GetValueOrDefault(x.r.OwnerId, ""),
            x.r.StageId, x.r.Stage, Money.FromMinor(x.r.AmountMinor), x.score, x.parts)).ToList();
    }
}
