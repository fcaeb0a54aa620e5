using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Deals;

/// <summary>Query pieces the plans and reports share, so "won in a period" means the same everywhere.</summary>
internal static class DealQueries
{
    /// <summary>Deals won (now in a won stage) and closed in [from, to).</summary>
    public static IQueryable<Deal> WonBetween(this IQueryable<Deal> deals, VoronkaDbContext db, DateTime from, DateTime to) =>
        deals.Where(d => d.ClosedAt >= from && d.ClosedAt < to && db.Stages.Any(s => s.Id == d.StageId && s.Kind == StageKind.Won));

    /// <summary>The average amount of the deals in minor units (0 without any), summed in the database.</summary>
    public static async Task<long> AverageMinorAsync(this IQueryable<Deal> deals, CancellationToken ct)
    {
        var row = await deals.GroupBy(_ => 1).Select(g => new { Sum = g.Sum(d => d.AmountMinor), Count = g.Count() }).FirstOrDefaultAsync(ct);
        return row is null || row.Count == 0 ? 0 : row.Sum / row.Count;
    }
}
