using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Deals;

/// <summary>A deal as a card on the board.</summary>
public sealed record DealCardResponse(
    int Id, string Title, string? CompanyName, int OwnerId, string OwnerName, decimal Amount, string Currency, int StageId,
    DateTime StageEnteredAt, int DaysInStage, bool IsRotting, string? NextTaskTitle, DateTime? NextTaskDueAt, int Version);

/// <summary>One column: how many deals and how much money are in the stage, and the first cards.</summary>
public sealed record BoardColumnResponse(int StageId, string StageName, StageKind Kind, int Probability, int Count, decimal Amount, IReadOnlyList<DealCardResponse> Cards);

public sealed record BoardResponse(int PipelineId, IReadOnlyList<BoardColumnResponse> Columns);

public sealed class BoardService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The board of a pipeline: every column's count and sum come from the database, and only the first
    /// <paramref name="cardsPerColumn"/> cards of each are loaded, so a stage with thousands of deals stays fast.</summary>
    public async Task<BoardResponse> BoardAsync(Actor actor, int pipelineId, DealQuery filter, int cardsPerColumn = 20, CancellationToken ct = default)
    {
        var v = new Validator();
        DealsService.ValidateFilters(filter, v);
        v.Check(cardsPerColumn is >= 1 and <= 100, "cards", "must be between 1 and 100.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stages = await db.Stages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position).ToListAsync(ct);
        if (stages.Count == 0) throw new NotFoundException("Pipeline", pipelineId);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var q = await DealsService.FilterAsync(db, scope, scope.Deals().Where(d => d.PipelineId == pipelineId),
            filter with { PipelineId = null, StageId = null }, zone, clock.GetUtcNow().UtcDateTime, ct);
        var totals = await q.GroupBy(d => d.StageId).Select(g => new { StageId = g.Key, Count = g.Count(), Sum = g.Sum(d => d.AmountMinor) }).ToListAsync(ct);
        var columns = new List<BoardColumnResponse>();
        foreach (var stage in stages)
        {
            var total = totals.FirstOrDefault(t => t.StageId == stage.Id);
            var cards = total is null ? [] : await CardsAsync(db, q, stage, 0, cardsPerColumn, ct);
            columns.Add(new BoardColumnResponse(stage.Id, stage.Name, stage.Kind, stage.Probability, total?.Count ?? 0, Money.FromMinor(total?.Sum ?? 0), cards));
        }
        return new BoardResponse(pipelineId, columns);
    }

    /// <summary>More cards of one column ("show more").</summary>
    public async Task<IReadOnlyList<DealCardResponse>> ColumnAsync(Actor actor, int stageId, DealQuery filter, int skip, int take, CancellationToken ct = default)
    {
        var v = new Validator();
        DealsService.ValidateFilters(filter, v);
        v.Check(skip >= 0, "skip", "must not be negative.");
        v.Check(take is >= 1 and <= 200, "take", "must be between 1 and 200.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, ct) ?? throw new NotFoundException("Stage", stageId);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var q = await DealsService.FilterAsync(db, scope, scope.Deals(), filter with { PipelineId = null, StageId = null }, zone,
            clock.GetUtcNow().UtcDateTime, ct);
        return await CardsAsync(db, q, stage, skip, take, ct);
    }

    private async Task<List<DealCardResponse>> CardsAsync(VoronkaDbContext db, IQueryable<Deal> q, Stage stage, int skip, int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Open stages show the deals waiting longest first; closed ones the latest closed.
        var inStage = q.Where(d => d.StageId == stage.Id);
        inStage = stage.Kind == StageKind.Open ? inStage.OrderBy(d => d.StageEnteredAt).ThenBy(d => d.Id) : inStage.OrderByDescending(d => d.ClosedAt).ThenByDescending(d => d.Id);
        var rows = await (
            from d in inStage.Skip(skip).Take(take)
            join o in db.Users on d.OwnerId equals o.Id
            let next = db.Tasks.Where(t => t.DealId == d.Id && t.Status == DealTaskStatus.Open).OrderBy(t => t.DueAt).Select(t => new { t.Title, t.DueAt }).FirstOrDefault()
            select new
            {
                d.Id, d.Title, CompanyName = db.Companies.Where(c => c.Id == d.CompanyId).Select(c => c.Name).FirstOrDefault(),
                d.OwnerId, OwnerName = o.FullName, d.AmountMinor, d.Currency, d.StageEnteredAt, NextTitle = next.Title, NextDue = (DateTime?)next.DueAt, d.Version,
            }).ToListAsync(ct);
        return rows.Select(r =>
        {
            var days = (int)Math.Floor((now - r.StageEnteredAt).TotalDays);
            return new DealCardResponse(r.Id, r.Title, r.CompanyName, r.OwnerId, r.OwnerName, Money.FromMinor(r.AmountMinor), r.Currency, stage.Id,
                r.StageEnteredAt, days, stage.Kind == StageKind.Open && stage.RottingDays is int rot && days > rot, r.NextTitle, r.NextDue, r.Version);
        }).ToList();
    }
}
