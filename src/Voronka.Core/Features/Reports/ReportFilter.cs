using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Reports;

/// <summary>The cuts every report takes: period, pipeline, product, manager, team, region, company, source.</summary>
public record ReportQuery
{
    /// <summary>First day of the period (organisation calendar), included.</summary>
    public DateOnly? From { get; init; }
    /// <summary>Last day of the period, included.</summary>
    public DateOnly? To { get; init; }
    public int? PipelineId { get; init; }
    public int? ProductId { get; init; }
    public int? OwnerId { get; init; }
    public int? TeamId { get; init; }
    public int? RegionId { get; init; }
    public int? CompanyId { get; init; }
    public string? Source { get; init; }
}

internal static class ReportFilter
{
    /// <summary>Whether the report covers every deal of its pipeline: the director's, with no other cut. Such a
    /// report can read figures kept for the whole company (<see cref="KeptFigures"/>).</summary>
    public static bool IsWholeCompany(AccessScope scope, ReportQuery q) =>
        scope.Actor.Role == People.UserRole.Director && q.ProductId is null && q.OwnerId is null && q.TeamId is null
        && q.RegionId is null && q.CompanyId is null && Text.Clean(q.Source) is null;

    /// <summary>The deals of the cuts, inside what the actor may see.</summary>
    public static IQueryable<Deal> Apply(VoronkaDbContext db, AccessScope scope, ReportQuery q)
    {
        var deals = scope.Deals();
        if (q.PipelineId is int p) deals = deals.Where(d => d.PipelineId == p);
        if (q.ProductId is int product) deals = deals.Where(d => d.Lines.Any(l => l.ProductId == product));
        if (q.OwnerId is int owner) deals = deals.Where(d => d.OwnerId == owner);
        if (q.TeamId is int team) deals = deals.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.TeamId == team));
        if (q.RegionId is int region) deals = deals.Where(d => d.RegionId == region);
        if (q.CompanyId is int company) deals = deals.Where(d => d.CompanyId == company);
        if (Text.Clean(q.Source) is string source) deals = deals.Where(d => d.Source == source);
        return deals;
    }
}
