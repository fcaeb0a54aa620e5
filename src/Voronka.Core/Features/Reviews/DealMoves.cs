using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Reviews;

/// <summary>What "the deal moved on" means to the review statistics and the best-call candidates alike.</summary>
internal static class DealMoves
{
    /// <summary>The stage changes that moved a deal forward: to a later open stage, or won.</summary>
    public static IQueryable<DealStageChange> Forward(VoronkaDbContext db) =>
        from c in db.DealStageChanges
        where c.FromStageId != null
        join to in db.Stages on c.ToStageId equals to.Id
        join before in db.Stages on c.FromStageId equals before.Id
        where to.Kind == StageKind.Won || (to.Kind == StageKind.Open && to.Position > before.Position)
        select c;
}
