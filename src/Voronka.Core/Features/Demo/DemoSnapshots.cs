using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Reports;

namespace Voronka.Core.Features.Demo;

/// <summary>
/// The daily funnel as it would have been taken on past mornings, rebuilt from the deals' stage history: at each
/// moment, a deal created by then counts in the open stage its last move before then put it in. Pure: no I/O.
/// </summary>
public static class DemoSnapshots
{
    public static List<FunnelSnapshot> Backfill(IReadOnlyList<Deal> deals, IReadOnlyList<Stage> stages,
        IEnumerable<(DateOnly Day, DateTime At)> mornings)
    {
        var open = stages.Where(s => s.Kind == StageKind.Open).ToDictionary(s => s.Id, s => s.Probability);
        var history = deals.Select(d => (Deal: d, Moves: d.StageChanges.OrderBy(c => c.ChangedAt).ToList())).ToList();
        var result = new List<FunnelSnapshot>();
        foreach (var (day, at) in mornings)
        {
            var cells = new Dictionary<(int Owner, int Stage), (int Deals, long Amount, decimal Weighted)>();
            foreach (var (deal, moves) in history)
            {
                if (deal.CreatedAt > at) continue;
                var last = moves.LastOrDefault(m => m.ChangedAt <= at);
                if (last is null || !open.TryGetValue(last.ToStageId, out var probability)) continue;
                var key = (deal.OwnerId, last.ToStageId);
                var c = cells.GetValueOrDefault(key);
                cells[key] = (c.Deals + 1, c.Amount + deal.AmountMinor, c.Weighted + (decimal)deal.AmountMinor * probability);
            }
            result.Add(new FunnelSnapshot
            {
                Day = day, TakenAt = at,
                Rows = cells.Select(c => new FunnelSnapshotRow
                {
                    OwnerId = c.Key.Owner, StageId = c.Key.Stage, Deals = c.Value.Deals, AmountMinor = c.Value.Amount,
                    WeightedMinor = (long)decimal.Round(c.Value.Weighted / 100m),
                }).ToList(),
            });
        }
        return result;
    }
}
