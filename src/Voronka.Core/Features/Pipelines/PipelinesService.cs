using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Pipelines;

/// <summary>A stage in a pipeline request; one with an id updates that stage, one without adds a stage.</summary>
public sealed record StageRequest(int? Id, string? Name, StageKind? Kind = null, int? Probability = null, int? RottingDays = null,
    IReadOnlyList<string>? RequiredFields = null);

/// <summary>A pipeline with its stages in order. Stages left out of an update are removed (only if no deal ever was in them).</summary>
public sealed record PipelineRequest(string? Name, bool IsDefault = false, IReadOnlyList<StageRequest>? Stages = null);

public sealed record StageResponse(int Id, string Name, int Position, StageKind Kind, int Probability, int? RottingDays,
    IReadOnlyList<string> RequiredFields);

/// <summary>A pipeline. After an update, <see cref="NoLongerComplying"/> lists the open deals (up to 500 of
/// <see cref="NoLongerComplyingCount"/>) that met their stage's requirements before it and lack a field now.</summary>
public sealed record PipelineResponse(int Id, string Name, int Position, bool IsDefault, IReadOnlyList<StageResponse> Stages,
    IReadOnlyList<NonCompliantDeal>? NoLongerComplying = null, int NoLongerComplyingCount = 0);

/// <summary>An open deal that lacks fields its stage requires (keys as stages name them), with its owner.</summary>
public sealed record NonCompliantDeal(int DealId, string Title, int OwnerId, string OwnerName, int StageId, string StageName,
    IReadOnlyList<string> Missing);

public sealed record LossReasonRequest(string? Name, bool IsActive = true);

public sealed record LossReasonResponse(int Id, string Name, int Position, bool IsActive);

/// <summary>The sales process: pipelines with their stages and requirements, and the list of loss reasons.</summary>
public sealed class PipelinesService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PipelineResponse>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        return pipelines.Select(ToResponse).ToList();
    }

    public async Task<PipelineResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Pipelines.AsNoTracking().Include(x => x.Stages).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Pipeline", id);
        return ToResponse(p);
    }

    public async Task<PipelineResponse> CreateAsync(Actor actor, PipelineRequest request, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipeline = new Pipeline { Position = await db.Pipelines.CountAsync(ct) };
        await ApplyAsync(db, pipeline, request, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (request.IsDefault || !await db.Pipelines.AnyAsync(ct))
        {
            await db.Pipelines.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
            pipeline.IsDefault = true;
        }
        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToResponse(pipeline);
    }

    public async Task<PipelineResponse> UpdateAsync(Actor actor, int id, PipelineRequest request, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("Pipeline", id);
        var before = Rules(pipeline);
        await ApplyAsync(db, pipeline, request, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (request.IsDefault && !pipeline.IsDefault)
        {
            await db.Pipelines.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ct);
            pipeline.IsDefault = true;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        // The deals' data does not change here, so the old rules read now give what they gave before the save.
        var newly = db.Deals.Where(d => d.PipelineId == pipeline.Id && d.ClosedAt == null)
            .Where(DealCompliance.Incomplete(db, Rules(pipeline))).Where(Predicates.Not(DealCompliance.Incomplete(db, before)));
        var count = await newly.CountAsync(ct);
        var listed = await DealCompliance.DescribeAsync(db, newly.OrderBy(d => d.Id).Take(500), ct);
        return ToResponse(pipeline) with
        {
            NoLongerComplying = listed.Select(x => new NonCompliantDeal(x.Deal.Id, x.Deal.Title, x.Deal.OwnerId, x.OwnerName,
                    x.Deal.StageId, x.StageName, x.Missing))
                .OrderBy(d => d.OwnerName, StringComparer.CurrentCulture).ThenBy(d => d.DealId).ToList(),
            NoLongerComplyingCount = count,
        };
    }

    /// <summary>The fields each open stage of the pipeline requires, as they stand in memory.</summary>
    private static List<DealCompliance.StageRule> Rules(Pipeline pipeline) =>
        pipeline.Stages.Where(s => s.Kind == StageKind.Open && s.Id != 0)
            .Select(s => new DealCompliance.StageRule(s.Id, s.RequiredFields.ToList())).ToList();

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("Pipeline", id);
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.PipelineId == id, ct))
            throw new ConflictException("The pipeline has deals and cannot be deleted.");
        db.Pipelines.Remove(pipeline);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(VoronkaDbContext db, Pipeline pipeline, PipelineRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        var name = r.Name?.Trim();
        if (name is not null && await db.Pipelines.AnyAsync(p => p.Name == name && p.Id != pipeline.Id, ct))
            v.Add("name", "is already taken by another pipeline.");
        var stages = r.Stages ?? [];
        if (stages.Count == 0) v.Add("stages", "must list the stages in order.");
        if (stages.Count > 50) v.Add("stages", "must have at most 50 stages.");
        if (!stages.Any(s => (s.Kind ?? StageKind.Open) == StageKind.Open)) v.Add("stages", "must have at least one open stage.");
        if (!stages.Any(s => s.Kind == StageKind.Won)) v.Add("stages", "must have a won stage.");
        if (!stages.Any(s => s.Kind == StageKind.Lost)) v.Add("stages", "must have a lost stage.");
        var customKeys = (await db.CustomFields.Where(f => f.Entity == CustomFieldEntity.Deal && f.IsActive).Select(f => f.Key).ToListAsync(ct)).ToHashSet();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            var f = $"stages[{i}]";
            v.Required(s.Name, $"{f}.name", 200);
            if (s.Name is not null && !names.Add(s.Name.Trim())) v.Add($"{f}.name", "is used by another stage of this pipeline.");
            if (s.Probability is < 0 or > 100) v.Add($"{f}.probability", "must be between 0 and 100.");
            if (s.RottingDays is < 1 or > 3650) v.Add($"{f}.rottingDays", "must be between 1 and 3650, or null.");
            if (s.Id is int sid && pipeline.Stages.All(x => x.Id != sid)) v.Add($"{f}.id", "is not a stage of this pipeline.");
            foreach (var key in s.RequiredFields ?? [])
            {
                var known = DealFields.BuiltIn.Contains(key) || (DealFields.IsCustom(key, out var ck) && customKeys.Contains(ck));
                if (!known) v.Add($"{f}.requiredFields", $"'{key}' is not a deal field (built-in: {string.Join(", ", DealFields.BuiltIn)}; custom: custom.{{key}}).");
            }
        }
        var keptIds = stages.Where(s => s.Id is not null).Select(s => s.Id!.Value).ToHashSet();
        var removed = pipeline.Stages.Where(s => !keptIds.Contains(s.Id)).Select(s => s.Id).ToList();
        if (removed.Count > 0 && (await db.Deals.IgnoreQueryFilters().AnyAsync(d => removed.Contains(d.StageId), ct)
            || await db.DealStageChanges.AnyAsync(h => removed.Contains(h.ToStageId) || (h.FromStageId != null && removed.Contains(h.FromStageId.Value)), ct)))
            v.Add("stages", "a stage that deals have been in cannot be removed; rename it instead.");
        v.ThrowIfInvalid();

        pipeline.Name = name!;
        pipeline.Stages.RemoveAll(s => !keptIds.Contains(s.Id));
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            var stage = s.Id is int sid ? pipeline.Stages.First(x => x.Id == sid) : new Stage();
            if (s.Id is null) pipeline.Stages.Add(stage);
            var kind = s.Kind ?? StageKind.Open;
            stage.Name = s.Name!.Trim();
            stage.Position = i;
            stage.Kind = kind;
            stage.Probability = s.Probability ?? kind switch
            {
                StageKind.Won => 100, StageKind.Lost => 0, _ => Math.Min(90, 10 + 80 * i / Math.Max(1, stages.Count - 1)),
            };
            stage.RottingDays = s.RottingDays;
            stage.RequiredFields = (s.RequiredFields ?? []).Distinct().ToList();
        }
    }

    private static PipelineResponse ToResponse(Pipeline p) => new(p.Id, p.Name, p.Position, p.IsDefault,
        p.Stages.OrderBy(s => s.Position).Select(s => new StageResponse(s.Id, s.Name, s.Position, s.Kind, s.Probability, s.RottingDays,
            s.RequiredFields)).ToList());

    // ---- loss reasons ----

    public async Task<IReadOnlyList<LossReasonResponse>> ListLossReasonsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LossReasons.OrderBy(r => r.Position).ThenBy(r => r.Id)
            .Select(r => new LossReasonResponse(r.Id, r.Name, r.Position, r.IsActive)).ToListAsync(ct);
    }

    public async Task<LossReasonResponse> CreateLossReasonAsync(Actor actor, LossReasonRequest request, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = new LossReason { Position = await db.LossReasons.CountAsync(ct) };
        await ApplyReasonAsync(db, reason, request, ct);
        db.LossReasons.Add(reason);
        await db.SaveChangesAsync(ct);
        return new LossReasonResponse(reason.Id, reason.Name, reason.Position, reason.IsActive);
    }

    public async Task<LossReasonResponse> UpdateLossReasonAsync(Actor actor, int id, LossReasonRequest request,
        CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = await db.LossReasons.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Loss reason", id);
        await ApplyReasonAsync(db, reason, request, ct);
        await db.SaveChangesAsync(ct);
        return new LossReasonResponse(reason.Id, reason.Name, reason.Position, reason.IsActive);
    }

    /// <summary>Deletes an unused reason; one that lost deals carry is deactivated instead.</summary>
    public async Task DeleteLossReasonAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reason = await db.LossReasons.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Loss reason", id);
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.LossReasonId == id, ct)) reason.IsActive = false;
        else db.LossReasons.Remove(reason);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyReasonAsync(VoronkaDbContext db, LossReason reason, LossReasonRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        var name = r.Name?.Trim();
        if (name is not null && await db.LossReasons.AnyAsync(x => x.Name == name && x.Id != reason.Id, ct))
            v.Add("name", "is already in the list.");
        v.ThrowIfInvalid();
        reason.Name = name!;
        reason.IsActive = r.IsActive;
    }
}
