using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.People;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Automations;

/// <summary>A stage automation as written: what fires it and what it does (the fields its action needs).</summary>
public sealed record AutomationRequest(
    int? StageId, string? Name, AutomationTrigger? Trigger, AutomationAction? Action, int? IdleDays = null,
    AutomationTarget? Target = null, int? PersonId = null, TaskKind? TaskKind = null, string? Text = null, int? DueIn = null,
    DueUnit? DueUnit = null, string? Field = null, JsonElement? Value = null, int? MoveToStageId = null, bool? IsActive = null,
    int? Version = null, int? RequestTypeId = null);

/// <summary>A stage automation, with how often it ran and failed.</summary>
public sealed record AutomationResponse(
    int Id, int PipelineId, int StageId, string StageName, string Name, AutomationTrigger Trigger, int? IdleDays,
    AutomationAction Action, AutomationTarget? Target, int? PersonId, string? PersonName, TaskKind? TaskKind, string? Text,
    int? DueIn, DueUnit? DueUnit, string? Field, JsonElement? Value, int? MoveToStageId, string? MoveToStageName, bool IsActive,
    int Runs, int Failed, DateTime? LastRunAt, int Version, int? RequestTypeId = null, string? RequestTypeName = null);

/// <summary>One firing: what it did (a task, a notice to whom, a field, a move) or why it failed.</summary>
public sealed record AutomationRunResponse(
    long Id, int AutomationId, string AutomationName, AutomationAction Action, int DealId, string DealTitle,
    AutomationRunState State, DateTime At, int? TaskId, string? TaskTitle, int? UserId, string? UserName, string? Field,
    int? StageId, string? StageName, string? Error, int? RequestId = null);

/// <summary>The director's stage automations (<see cref="AutomationRunner"/> carries them out).</summary>
public sealed class AutomationsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const string SourceField = DealFields.Source;

    public async Task<IReadOnlyList<AutomationResponse>> ListAsync(Actor actor, int? pipelineId, int? stageId, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<StageAutomation>().AsQueryable();
        if (stageId is int s) q = q.Where(a => a.StageId == s);
        if (pipelineId is int p) q = q.Where(a => db.Stages.Any(x => x.Id == a.StageId && x.PipelineId == p));
        return await Project(db, q).ToListAsync(ct);
    }

    public async Task<AutomationResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Project(db, db.Set<StageAutomation>().Where(a => a.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Automation", id);
    }

    public async Task<AutomationResponse> CreateAsync(Actor actor, AutomationRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = new StageAutomation { CreatedById = actor.UserId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await ApplyAsync(db, a, r, ct);
        a.Position = await db.Set<StageAutomation>().Where(x => x.StageId == a.StageId).CountAsync(ct);
        db.Add(a);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, a.Id, ct);
    }

    public async Task<AutomationResponse> UpdateAsync(Actor actor, int id, AutomationRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var a = await db.Set<StageAutomation>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Automation", id);
        if (r.Version is int version)
        {
            if (version != a.Version) throw new ConflictException("The automation was changed by someone else. Reload it.");
            db.Entry(a).Property(x => x.Version).OriginalValue = version;
        }
        await ApplyAsync(db, a, r, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The automation was changed by someone else. Reload it.");
        }
        return await GetAsync(actor, a.Id, ct);
    }

    /// <summary>Removes the automation and its record of runs; what it did (tasks, changes) stays.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Set<StageAutomation>().Where(x => x.Id == id).ExecuteDeleteAsync(ct) == 0) throw new NotFoundException("Automation",
            id);
    }

    /// <summary>The latest runs, of one automation or of all; failed ones only when asked.</summary>
    public async Task<IReadOnlyList<AutomationRunResponse>> RunsAsync(Actor actor, int? automationId, bool failedOnly, int? take,
        CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Set<AutomationRun>().AsQueryable();
        if (automationId is int id) q = q.Where(r => r.AutomationId == id);
        if (failedOnly) q = q.Where(r => r.State == AutomationRunState.Failed);
        q = q.OrderByDescending(r => r.RanAt ?? r.CreatedAt).ThenByDescending(r => r.Id).Take(Math.Clamp(take ?? 50, 1, 500));
        return await ProjectRuns(db, q).ToListAsync(ct);
    }

    internal static IQueryable<AutomationRunResponse> ProjectRuns(VoronkaDbContext db, IQueryable<AutomationRun> q) =>
        from r in q
        join a in db.Set<StageAutomation>() on r.AutomationId equals a.Id
        join d in db.Deals.IgnoreQueryFilters() on r.DealId equals d.Id
        select new AutomationRunResponse(r.Id, r.AutomationId, a.Name, a.Action, r.DealId, d.Title, r.State, r.RanAt ?? r.CreatedAt,
            r.TaskId, db.Tasks.Where(t => t.Id == r.TaskId).Select(t => t.Title).FirstOrDefault(), r.UserId,
            db.Users.Where(u => u.Id == r.UserId).Select(u => u.FullName).FirstOrDefault(),
            a.Action == AutomationAction.SetField ? a.Field : null, r.StageId,
            db.Stages.Where(s => s.Id == r.StageId).Select(s => s.Name).FirstOrDefault(), r.Error, r.RequestId);

    private static IQueryable<AutomationResponse> Project(VoronkaDbContext db, IQueryable<StageAutomation> q) =>
        from a in q
        join s in db.Stages on a.StageId equals s.Id
        orderby s.PipelineId, s.Position, a.Position, a.Id
        select new AutomationResponse(a.Id, s.PipelineId, a.StageId, s.Name, a.Name, a.Trigger, a.IdleDays, a.Action, a.Target,
            a.PersonId, db.Users.Where(u => u.Id == a.PersonId).Select(u => u.FullName).FirstOrDefault(), a.TaskKind, a.Text, a.DueIn,
            a.DueUnit, a.Field, Json(a.Value), a.MoveToStageId,
            db.Stages.Where(x => x.Id == a.MoveToStageId).Select(x => x.Name).FirstOrDefault(), a.IsActive,
            db.Set<AutomationRun>().Count(r => r.AutomationId == a.Id),
            db.Set<AutomationRun>().Count(r => r.AutomationId == a.Id && r.State == AutomationRunState.Failed),
            db.Set<AutomationRun>().Where(r => r.AutomationId == a.Id).Max(r => r.RanAt), a.Version, a.RequestTypeId,
            db.Set<Requests.RequestType>().Where(t => t.Id == a.RequestTypeId).Select(t => t.Name).FirstOrDefault());

    private static JsonElement? Json(string? value)
    {
        if (value is null) return null;
        using var doc = JsonDocument.Parse(value);
        return doc.RootElement.Clone();
    }

    private static async Task ApplyAsync(VoronkaDbContext db, StageAutomation a, AutomationRequest r, CancellationToken ct)
    {
        var v = new Validator();
        var stage = r.StageId is int sid ? await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid, ct) : null;
        if (r.StageId is null) v.Add("stageId", "is required.");
        else if (stage is null) v.Add("stageId", "does not exist.");
        v.Required(r.Name, "name", 200);
        if (r.Trigger is null) v.Add("trigger", "is required: enter or idle.");
        if (r.Action is null) v.Add("action", "is required: createTask, notify, setField, moveStage or createRequest.");
        if (r.Trigger == AutomationTrigger.Idle) v.Check(r.IdleDays is >= 1 and <= 365, "idleDays", "must be from 1 to 365 days.");
        else v.Check(r.IdleDays is null, "idleDays", "is only for the idle trigger.");
        if (r.Action is AutomationAction.CreateTask or AutomationAction.Notify)
        {
            v.Required(r.Text, "text", 300);
            if (r.Target is null) v.Add("target", "is required: owner, senior or person.");
            if (r.Target == AutomationTarget.Person)
            {
                if (r.PersonId is not int pid) v.Add("personId", "is required for a chosen person.");
                else if (!await db.Users.AnyAsync(u => u.Id == pid && u.IsActive, ct)) v.Add("personId", "must be an active user.");
            }
        }
        if (r.Action == AutomationAction.CreateTask)
            v.Check(r.DueIn is null or (>= 0 and <= 1000), "dueIn", "must be from 0 to 1000.");
        if (r.Action == AutomationAction.SetField) await CheckFieldAsync(db, r, v, ct);
        if (r.Action == AutomationAction.CreateRequest)
        {
            if (r.RequestTypeId is not int tid) v.Add("requestTypeId", "is required.");
            else if (!await db.Set<Requests.RequestType>().AnyAsync(t => t.Id == tid && t.IsActive, ct))
                v.Add("requestTypeId", "is not an active request type.");
        }
        if (r.Action == AutomationAction.MoveStage)
        {
            var to = r.MoveToStageId is int mid ? await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == mid, ct) : null;
            if (r.MoveToStageId is null) v.Add("moveToStageId", "is required.");
            else if (to is null) v.Add("moveToStageId", "does not exist.");
            else if (stage is not null && to.PipelineId != stage.PipelineId) v.Add("moveToStageId", "must be a stage of the same "
                + "pipeline.");
            else if (to.Id == r.StageId) v.Add("moveToStageId", "must be another stage.");
        }
        v.ThrowIfInvalid();

        var action = r.Action!.Value;
        (a.StageId, a.Name, a.Trigger, a.Action) = (r.StageId!.Value, r.Name!.Trim(), r.Trigger!.Value, action);
        a.IdleDays = r.Trigger == AutomationTrigger.Idle ? r.IdleDays : null;
        var person = action is AutomationAction.CreateTask or AutomationAction.Notify;
        a.Target = person ? r.Target : null;
        a.PersonId = person && r.Target == AutomationTarget.Person ? r.PersonId : null;
        a.Text = person ? r.Text!.Trim() : null;
        var task = action == AutomationAction.CreateTask;
        a.TaskKind = task ? r.TaskKind ?? Tasks.TaskKind.FollowUp : null;
        a.DueIn = task ? r.DueIn ?? 0 : null;
        a.DueUnit = task ? r.DueUnit ?? Automations.DueUnit.WorkingHours : null;
        a.Field = action == AutomationAction.SetField ? r.Field!.Trim() : null;
        a.Value = action == AutomationAction.SetField ? r.Value!.Value.GetRawText() : null;
        a.MoveToStageId = action == AutomationAction.MoveStage ? r.MoveToStageId : null;
        a.RequestTypeId = action == AutomationAction.CreateRequest ? r.RequestTypeId : null;
        a.IsActive = r.IsActive ?? a.IsActive;
    }

    private static async Task CheckFieldAsync(VoronkaDbContext db, AutomationRequest r, Validator v, CancellationToken ct)
    {
        var field = r.Field?.Trim();
        if (string.IsNullOrEmpty(field)) { v.Add("field", "is required: source or custom.{key}."); return; }
        if (r.Value is not JsonElement value || value.ValueKind is JsonValueKind.Undefined) { v.Add("value", "is required."); return; }
        if (field == SourceField)
        {
            v.Check(value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length is > 0 and <= 100, "value",
                "must be a text of 1 to 100 characters.");
            return;
        }
        if (!DealFields.IsCustom(field, out var key) || !await db.CustomFields.AnyAsync(f => f.Entity == CustomFieldEntity.Deal
                && f.Key == key && f.IsActive, ct))
        {
            v.Add("field", "must be source or an active custom deal field (custom.{key}).");
            return;
        }
        var check = new Validator();
        await CustomFieldData.ApplyAsync(db, CustomFieldEntity.Deal, new Dictionary<string, JsonElement> { [key] = value }, [], check, ct);
        try
        {
            check.ThrowIfInvalid();
        }
        catch (ValidationFailedException e)
        {
            v.Add("value", string.Join(" ", e.Errors.Values.SelectMany(m => m)));
        }
    }

    /// <summary>Whom a task or a notice of <paramref name="target"/> goes to, for a deal of <paramref name="ownerId"/>.</summary>
    internal static async Task<int> ResolveAsync(VoronkaDbContext db, AutomationTarget target, int? personId, int ownerId,
        CancellationToken ct)
    {
        switch (target)
        {
            case AutomationTarget.Person:
                return await db.Users.Where(u => u.Id == personId && u.IsActive).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct)
                    ?? throw new ConflictException("The person the automation names is deactivated.");
            case AutomationTarget.Senior:
                var above = await Seniors.AboveAsync(db, ownerId, ct);
                return above.Count > 0 ? above[0] : throw new ConflictException("There is no active director.");
            default:
                return ownerId;
        }
    }
}
