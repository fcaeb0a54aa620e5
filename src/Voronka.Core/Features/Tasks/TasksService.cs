using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Tasks;

public sealed record TaskRequest(int? DealId, TaskKind? Kind, DateTimeOffset? DueAt, string? Title = null, int? AssigneeId = null,
    int? Version = null);

public sealed record CompleteTaskRequest(string? Result, int? Version = null);

public enum BulkTaskAction
{
    Reassign,
    Postpone,
    Complete,
    Cancel,
}

/// <summary>One change to many open tasks at once: give them to <see cref="AssigneeId"/> (with <see cref="WithDeals"/>, their
/// deals too, so someone who could not open them takes them over), move their due time by <see cref="Days"/> or to
/// <see cref="DueAt"/>, or close them (a completion needs its <see cref="Result"/>). All or none.</summary>
public sealed record BulkTasksRequest(IReadOnlyList<int>? Ids, BulkTaskAction? Action, int? AssigneeId = null, int? Days = null,
    DateTimeOffset? DueAt = null, string? Result = null, bool WithDeals = false);

public sealed record BulkTasksResponse(int Changed, IReadOnlyList<TaskResponse> Tasks);

public sealed record TaskResponse(
    int Id, int DealId, string DealTitle, TaskKind Kind, string Title, int AssigneeId, string AssigneeName, int AuthorId, DateTime DueAt,
    DealTaskStatus Status, bool IsOverdue, DateTime? CompletedAt, string? Result, DateTime CreatedAt, int Version);

public sealed record TaskQuery : PageRequest
{
    public int? AssigneeId { get; init; }
    /// <summary>Tasks of the people of one team.</summary>
    public int? TeamId { get; init; }
    public int? DealId { get; init; }
    /// <summary>open, done, cancelled; or among the open ones overdue (due time passed), today (due later today in the
    /// organisation's time zone) or upcoming (due after today).</summary>
    public string? Status { get; init; }
    /// <summary>Only open tasks whose due time has passed.</summary>
    public bool? Overdue { get; init; }
    public DateOnly? DueFrom { get; init; }
    public DateOnly? DueTo { get; init; }
}

/// <summary>Tasks on deals. The assignee may complete own tasks (this is all the assistant may change);
/// sellers with access to the deal manage its tasks.</summary>
public sealed class TasksService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Page<TaskResponse>> ListAsync(Actor actor, TaskQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var status = query.Status?.Trim().ToLowerInvariant();
        v.Check(status is null or "open" or "done" or "cancelled" or "overdue" or "today" or "upcoming", "status",
            "must be open, done, cancelled, overdue, today or upcoming.");
        var (key, desc) = query.SortKey("dueAt");
        v.Check(key is "dueAt" or "createdAt" or "id", "sort", "must be dueAt, createdAt or id.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var q = scope.Tasks();
        if (query.AssigneeId is int a) q = q.Where(t => t.AssigneeId == a);
        if (query.TeamId is int team) q = q.Where(t => db.Users.Any(u => u.Id == t.AssigneeId && u.TeamId == team));
        if (query.DealId is int d) q = q.Where(t => t.DealId == d);
        q = WithStatus(q, status, now, zone);
        if (query.Overdue == true) q = q.Where(t => t.Status == DealTaskStatus.Open && t.DueAt < now);
        var (from, to) = OrgTime.Range(query.DueFrom, query.DueTo, zone);
        if (from is not null) q = q.Where(t => t.DueAt >= from);
        if (to is not null) q = q.Where(t => t.DueAt < to);
        var total = await q.CountAsync(ct);
        q = key switch
        {
            "createdAt" => q.OrderByKey(t => t.CreatedAt, desc),
            "id" => q.OrderByKey(t => t.Id, desc),
            _ => q.OrderByKey(t => t.DueAt, desc),
        };
        q = ((IOrderedQueryable<DealTask>)q).ThenBy(t => t.Id);
        return new Page<TaskResponse>(await Project(db, q.Skip(query.Skip).Take(query.Take), now).ToListAsync(ct), total);
    }

    public async Task<TaskResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await Project(db, scope.Tasks().Where(t => t.Id == id), clock.GetUtcNow().UtcDateTime).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Task", id);
    }

    public async Task<TaskResponse> CreateAsync(Actor actor, TaskRequest r, CancellationToken ct = default)
    {
        actor.RequireSeller();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var task = new DealTask { AuthorId = actor.UserId, CreatedAt = now, Status = DealTaskStatus.Open };
        await ApplyAsync(db, scope, task, r, ct);
        db.Tasks.Add(task);
        if (task.AssigneeId != actor.UserId) await TellAssigneeAsync(db, task, now, ct);
        await SaveAsync(db, ct);
        return await GetAsync(actor, task.Id, ct);
    }

    public async Task<TaskResponse> UpdateAsync(Actor actor, int id, TaskRequest r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var task = await scope.Tasks().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Task", id);
        if (!await scope.Deals().AnyAsync(d => d.Id == task.DealId, ct) || !actor.CanSell)
            throw new ForbiddenException("Only sellers with access to the deal may edit its tasks; the assignee may complete them.");
        Versions.Check(db, task, r.Version, task.Version, "task");
        var (assignee, due) = (task.AssigneeId, task.DueAt);
        await ApplyAsync(db, scope, task, r, ct);
        if (task.DueAt != due) task.OverdueToldAt = null;
        if (task.AssigneeId != assignee && task.AssigneeId != actor.UserId)
            await TellAssigneeAsync(db, task, clock.GetUtcNow().UtcDateTime, ct);
        await SaveAsync(db, ct);
        return await GetAsync(actor, id, ct);
    }

    public Task<TaskResponse> CompleteAsync(Actor actor, int id, CompleteTaskRequest r, CancellationToken ct = default) =>
        SetStatusAsync(actor, id, DealTaskStatus.Done, r, ct);

    public Task<TaskResponse> CancelAsync(Actor actor, int id, CompleteTaskRequest r, CancellationToken ct = default) =>
        SetStatusAsync(actor, id, DealTaskStatus.Cancelled, r, ct);

    public Task<TaskResponse> ReopenAsync(Actor actor, int id, int? version, CancellationToken ct = default) =>
        SetStatusAsync(actor, id, DealTaskStatus.Open, new CompleteTaskRequest(null, version), ct);

    /// <summary>Applies one change to many open tasks in one transaction: every task must be visible, open and the actor's to
    /// change (a seller with access to its deal; the assignee may only close their own), or nothing changes.</summary>
    public async Task<BulkTasksResponse> BulkAsync(Actor actor, BulkTasksRequest r, CancellationToken ct = default)
    {
        var v = new Validator();
        var ids = (r.Ids ?? []).Distinct().ToList();
        v.Check(ids.Count is >= 1 and <= 500, "ids", "must name from 1 to 500 tasks.");
        if (r.Action is null) v.Add("action", "is required: reassign, postpone, complete or cancel.");
        if (r.Action == BulkTaskAction.Reassign && r.AssigneeId is null) v.Add("assigneeId", "is required to reassign.");
        if (r.Action == BulkTaskAction.Postpone && (r.Days is null) == (r.DueAt is null))
            v.Add("days", "give either days to move the due time by, or dueAt.");
        v.Check(r.Days is null or (>= -365 and <= 365) and not 0, "days", "must be from -365 to 365, not 0.");
        v.MaxLength(r.Result, "result", 2000);
        if (r.Action == BulkTaskAction.Complete && string.IsNullOrWhiteSpace(r.Result)) v.Add("result", "is required: say what came of "
            + "it.");
        v.ThrowIfInvalid();

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var tasks = await scope.Tasks().Where(t => ids.Contains(t.Id)).ToListAsync(ct);
        var missing = ids.Except(tasks.Select(t => t.Id)).ToList();
        if (missing.Count > 0) throw ValidationFailedException.For("ids", $"not found: {string.Join(", ", missing)}.");
        var closed = tasks.Where(t => t.Status != DealTaskStatus.Open).Select(t => t.Id).ToList();
        if (closed.Count > 0) throw ValidationFailedException.For("ids", $"already closed: {string.Join(", ", closed)}.");
        var dealIds = tasks.Select(t => t.DealId).Distinct().ToList();
        var managed = actor.CanSell ? await scope.Deals().Where(d => dealIds.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct) : [];
        var closing = r.Action is BulkTaskAction.Complete or BulkTaskAction.Cancel;
        var refused = tasks.Where(t => !managed.Contains(t.DealId) && !(closing && t.AssigneeId == actor.UserId)).Select(t => t.Id)
            .ToList();
        if (refused.Count > 0)
            throw new ForbiddenException($"Only sellers with access to the deal may change these tasks: {string.Join(", ", refused)}.");

        var now = clock.GetUtcNow().UtcDateTime;
        // The deals change hands first, in the same transaction, so the new owner may be given their tasks.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (r.Action == BulkTaskAction.Reassign && r.WithDeals) await HandOverDealsAsync(db, scope, dealIds, r.AssigneeId!.Value, now, ct);
        foreach (var task in tasks)
        {
            switch (r.Action!.Value)
            {
                case BulkTaskAction.Reassign when task.AssigneeId != r.AssigneeId:
                    await ApplyAsync(db, scope, task, new TaskRequest(task.DealId, task.Kind, new DateTimeOffset(task.DueAt, TimeSpan.Zero),
                        task.Title, r.AssigneeId), ct);
                    if (task.AssigneeId != actor.UserId) await TellAssigneeAsync(db, task, now, ct);
                    break;
                case BulkTaskAction.Postpone:
                    task.DueAt = r.DueAt?.UtcDateTime ?? task.DueAt.AddDays(r.Days!.Value);
                    task.OverdueToldAt = null;
                    break;
                case BulkTaskAction.Complete or BulkTaskAction.Cancel:
                    task.Status = r.Action == BulkTaskAction.Complete ? DealTaskStatus.Done : DealTaskStatus.Cancelled;
                    (task.CompletedAt, task.Result) = (now, Text.Clean(r.Result));
                    break;
            }
        }
        var changed = db.ChangeTracker.Entries<DealTask>().Count(e => e.State == EntityState.Modified);
        await SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        var list = await Project(db, db.Tasks.Where(t => ids.Contains(t.Id)).OrderBy(t => t.Id), now).ToListAsync(ct);
        return new BulkTasksResponse(changed, list);
    }

    /// <summary>Makes <paramref name="ownerId"/> the owner of the deals, by the rule every change of owner follows.</summary>
    private async Task HandOverDealsAsync(VoronkaDbContext db, AccessScope scope, List<int> dealIds, int ownerId, DateTime now,
        CancellationToken ct)
    {
        var v = new Validator();
        await Owners.CheckAsync(db, scope, ownerId, v, ct, "assigneeId");
        v.ThrowIfInvalid();
        var deals = await scope.Deals().Where(d => dealIds.Contains(d.Id) && d.OwnerId != ownerId).ToListAsync(ct);
        foreach (var deal in deals) (deal.OwnerId, deal.UpdatedAt) = (ownerId, now);
        db.StampAudit(scope.Actor.UserId, clock);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("deal"); }
    }

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var task = await scope.Tasks().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Task", id);
        if (!actor.CanSell || !await scope.Deals().AnyAsync(d => d.Id == task.DealId, ct))
            throw new ForbiddenException("Only sellers with access to the deal may delete its tasks.");
        db.Tasks.Remove(task);
        await db.SaveChangesAsync(ct);
    }

    private async Task<TaskResponse> SetStatusAsync(Actor actor, int id, DealTaskStatus status, CompleteTaskRequest r, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var task = await scope.Tasks().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Task", id);
        var isAssignee = task.AssigneeId == actor.UserId;
        if (!isAssignee && !(actor.CanSell && await scope.Deals().AnyAsync(d => d.Id == task.DealId, ct)))
            throw new ForbiddenException("Only the assignee or a seller with access to the deal may change the task's status.");
        var v = new Validator();
        v.MaxLength(r.Result, "result", 2000);
        if (status == DealTaskStatus.Done && string.IsNullOrWhiteSpace(r.Result)) v.Add("result", "is required: say what came of it.");
        if (status != DealTaskStatus.Open && task.Status != DealTaskStatus.Open) v.Add("status", "the task is already closed.");
        if (status == DealTaskStatus.Open && task.Status == DealTaskStatus.Open) v.Add("status", "the task is already open.");
        v.ThrowIfInvalid();
        if (r.Version is int version) Versions.Check(db, task, version, task.Version, "task");
        task.Status = status;
        task.CompletedAt = status == DealTaskStatus.Open ? null : clock.GetUtcNow().UtcDateTime;
        task.Result = status == DealTaskStatus.Open ? null : Text.Clean(r.Result);
        await SaveAsync(db, ct);
        return await GetAsync(actor, id, ct);
    }

    private static async Task SaveAsync(VoronkaDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("task"); }
        NotificationSignal.Raise(db.Notified);
    }

    private static async Task TellAssigneeAsync(VoronkaDbContext db, DealTask task, DateTime now, CancellationToken ct)
    {
        var deal = await db.Deals.Where(d => d.Id == task.DealId).Select(d => d.Title).FirstAsync(ct);
        await Notify.AddAsync(db, task.AssigneeId, NotificationKind.TaskAssigned, $"{task.Title} — {deal}",
            $"/deals/{task.DealId}", now, ct);
    }

    private static async Task ApplyAsync(VoronkaDbContext db, AccessScope scope, DealTask task, TaskRequest r, CancellationToken ct)
    {
        var v = new Validator();
        if (r.Kind is null) v.Add("kind", "is required: Call, FollowUp, SendMaterials, Presentation, Meeting or Paperwork.");
        if (r.DueAt is null) v.Add("dueAt", "is required.");
        v.MaxLength(r.Title, "title", 300);
        var dealId = r.DealId ?? task.DealId;
        int? ownerId = null;
        if (r.DealId is null && task.Id == 0) v.Add("dealId", "is required.");
        else
        {
            ownerId = await scope.Deals().Where(d => d.Id == dealId).Select(d => (int?)d.OwnerId).FirstOrDefaultAsync(ct);
            if (ownerId is null) v.Add("dealId", "does not exist.");
        }
        var assigneeId = r.AssigneeId ?? (task.Id == 0 ? scope.Actor.UserId : task.AssigneeId);
        var assignee = await db.Users.Where(u => u.Id == assigneeId).Select(u => new { u.IsActive, u.Role,
            u.TeamId }).FirstOrDefaultAsync(ct);
        if (assignee is null || !assignee.IsActive) v.Add("assigneeId", "must be an active user.");
        else if (ownerId is int owner && assigneeId != owner && assignee.Role is not (UserRole.Assistant or UserRole.Director))
        {
            // The assignee must be able to open the deal: its owner, the owner's senior, the director, or an assistant.
            var ownerTeam = await db.Users.Where(u => u.Id == owner).Select(u => u.TeamId).FirstOrDefaultAsync(ct);
            if (!(assignee.Role == UserRole.Senior && assignee.TeamId is not null && assignee.TeamId == ownerTeam))
                v.Add("assigneeId",
                    "cannot see this deal: assign the owner, their senior, the director or an assistant, or hand the deal over too.");
        }
        v.ThrowIfInvalid();
        task.DealId = dealId;
        task.Kind = r.Kind!.Value;
        task.Title = Text.Clean(r.Title) ?? r.Kind!.Value.ToString();
        task.AssigneeId = assigneeId;
        task.DueAt = r.DueAt!.Value.UtcDateTime;
    }

    /// <summary>The tasks of a status (open, done, cancelled) or of an open task's due time: overdue, today (later today in the
    /// organisation's time zone), upcoming (after today). The task list and the team's workload count with it.</summary>
    internal static IQueryable<DealTask> WithStatus(IQueryable<DealTask> q, string? status, DateTime now, TimeZoneInfo zone)
    {
        var endOfToday = OrgTime.StartOfDayUtc(OrgTime.Today(now, zone).AddDays(1), zone);
        return status switch
        {
            "open" => q.Where(t => t.Status == DealTaskStatus.Open),
            "done" => q.Where(t => t.Status == DealTaskStatus.Done),
            "cancelled" => q.Where(t => t.Status == DealTaskStatus.Cancelled),
            "overdue" => q.Where(t => t.Status == DealTaskStatus.Open && t.DueAt < now),
            "today" => q.Where(t => t.Status == DealTaskStatus.Open && t.DueAt >= now && t.DueAt < endOfToday),
            "upcoming" => q.Where(t => t.Status == DealTaskStatus.Open && t.DueAt >= endOfToday),
            _ => q,
        };
    }

    internal static IQueryable<TaskResponse> Project(VoronkaDbContext db, IQueryable<DealTask> q, DateTime now) =>
        from t in q
        join d in db.Deals on t.DealId equals d.Id
        join u in db.Users on t.AssigneeId equals u.Id
        select new TaskResponse(t.Id, t.DealId, d.Title, t.Kind, t.Title, t.AssigneeId, u.FullName, t.AuthorId, t.DueAt, t.Status,
            t.Status == DealTaskStatus.Open && t.DueAt < now, t.CompletedAt, t.Result, t.CreatedAt, t.Version);
}
