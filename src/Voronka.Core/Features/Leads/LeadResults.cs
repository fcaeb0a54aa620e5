using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Leads;

/// <summary>Each person's results with leads of the lead's segment (its source, and its product and region where it has
/// them) over the last year, and the team's: deals won of those closed, and leads taken fast of those taken.</summary>
internal static class LeadResults
{
    /// <summary>A lead taken within this time after it was given counts as taken fast.</summary>
    public static readonly TimeSpan Fast = TimeSpan.FromMinutes(15);

    public static async Task<List<RoutingCandidate>> AddAsync(VoronkaDbContext db, List<RoutingCandidate> candidates, Lead lead,
        CancellationToken ct)
    {
        var since = lead.ReceivedAt.AddYears(-1);
        var leads = db.Leads.AsNoTracking().Where(l => l.ReceivedAt >= since && l.AssigneeId != null && l.Id != lead.Id);
        if (lead.Source is not null) leads = leads.Where(l => l.Source == lead.Source);
        if (lead.ProductId is int product) leads = leads.Where(l => l.ProductId == product);
        if (lead.RegionId is int region) leads = leads.Where(l => l.RegionId == region);
        var rows = await leads.Select(l => new
        {
            Person = l.AssigneeId!.Value, l.AssignedAt, l.AcceptedAt,
            Kind = db.Deals.Where(d => d.Id == l.DealId).Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => (StageKind?)s.Kind)
                .FirstOrDefault(),
        }).ToListAsync(ct);
        var closed = rows.Where(r => r.Kind is StageKind.Won or StageKind.Lost).ToList();
        var taken = rows.Where(r => r.AcceptedAt is not null && r.AssignedAt is not null).ToList();
        bool IsFast(DateTime? given, DateTime? accepted) => accepted!.Value - given!.Value <= Fast;
        var teamWin = closed.Count == 0 ? 0 : closed.Count(r => r.Kind == StageKind.Won) / (decimal)closed.Count;
        var teamFast = taken.Count == 0 ? 0 : taken.Count(r => IsFast(r.AssignedAt, r.AcceptedAt)) / (decimal)taken.Count;
        return candidates.Select(c => c with
        {
            Results = new SegmentResults(closed.Count(r => r.Person == c.UserId && r.Kind == StageKind.Won),
                closed.Count(r => r.Person == c.UserId), teamWin,
                taken.Count(r => r.Person == c.UserId && IsFast(r.AssignedAt, r.AcceptedAt)), taken.Count(r => r.Person == c.UserId),
                teamFast),
        }).ToList();
    }
}
