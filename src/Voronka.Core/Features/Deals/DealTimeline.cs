using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Automations;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Deals;

/// <summary>What an entry of a deal's timeline is.</summary>
public enum TimelineKind
{
    /// <summary>A call, meeting, proposal, presale, e-mail or note (<see cref="TimelineEntry.Activity"/>).</summary>
    Activity,
    /// <summary>A task: when set, or when done (<see cref="TimelineEntry.Task"/>).</summary>
    Task,
    /// <summary>A move to another stage (<see cref="TimelineEntry.Stage"/>).</summary>
    Stage,
    /// <summary>A field changed, or the deal created (<see cref="TimelineEntry.Change"/>).</summary>
    Change,
    /// <summary>A file attached (<see cref="TimelineEntry.File"/>).</summary>
    File,
    /// <summary>A stage automation fired: what it did or why it failed (<see cref="TimelineEntry.Automation"/>).</summary>
    Automation,
}

/// <summary>One entry of a deal's timeline: when, who, and the one part its kind fills.</summary>
public sealed record TimelineEntry(
    TimelineKind Kind, DateTime At, int? UserId, string? UserName, ActivityResponse? Activity = null, TaskResponse? Task = null,
    StageChangeResponse? Stage = null, AuditEntryResponse? Change = null, FileResponse? File = null,
    AutomationRunResponse? Automation = null);

/// <summary>A page of the timeline, newest first; <see cref="Before"/> asks for the next (older) page, null at the end.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, DateTime? Before);

/// <summary>
/// A deal's one feed, newest first: its activities (calls with their recordings), tasks, stage moves, field changes,
/// files and what stage automations did, each read with the projection its own screen and API use, merged by time.
/// Entries of one moment are never split across pages.
/// </summary>
public sealed class DealTimeline(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>Audit fields the timeline leaves out: the stage is shown by its move, the rest is bookkeeping.</summary>
    private static readonly string[] Hidden = [AuditEntry.StageField, "pipelineId", "furthestPosition", "amountIsManual"];

    public async Task<TimelinePage> GetAsync(Actor actor, int dealId, DateTime? before, int? take, CancellationToken ct)
    {
        var n = Math.Clamp(take ?? 50, 1, 200);
        var upTo = before ?? DateTime.MaxValue;
        var fetch = n + 20;
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Deals().AnyAsync(d => d.Id == dealId, ct)) throw new NotFoundException("Deal", dealId);
        var now = clock.GetUtcNow().UtcDateTime;

        var entries = new List<TimelineEntry>();
        var activities = await ActivitiesService.Project(db, db.Activities
            .Where(a => a.DealId == dealId && a.OccurredAt < upTo).OrderByDescending(a => a.OccurredAt).Take(fetch)).ToListAsync(ct);
        entries.AddRange(activities.Select(a => new TimelineEntry(TimelineKind.Activity, a.OccurredAt, a.UserId, a.UserName, Activity: a)));
        var tasks = await TasksService.Project(db, db.Tasks.Where(t => t.DealId == dealId
                && (t.CompletedAt ?? t.CreatedAt) < upTo).OrderByDescending(t => t.CompletedAt ?? t.CreatedAt).Take(fetch), now)
            .ToListAsync(ct);
        // A task an automation set is signed by the automation, not by the one who set the automation up.
        var taskIds = tasks.Select(t => t.Id).ToList();
        var setBy = await db.Set<AutomationRun>().Where(r => r.TaskId != null && taskIds.Contains(r.TaskId.Value))
            .Join(db.Set<StageAutomation>(), r => r.AutomationId, a => a.Id, (r, a) => new { TaskId = r.TaskId!.Value, a.Name })
            .ToDictionaryAsync(x => x.TaskId, x => x.Name, ct);
        entries.AddRange(tasks.Select(t => t.CompletedAt is null && setBy.TryGetValue(t.Id, out var automation)
            ? new TimelineEntry(TimelineKind.Task, t.CreatedAt, null, automation, Task: t)
            : new TimelineEntry(TimelineKind.Task, t.CompletedAt ?? t.CreatedAt, t.CompletedAt is null ? t.AuthorId : t.AssigneeId,
                t.CompletedAt is null ? null : t.AssigneeName, Task: t)));
        var stages = await DealsService.StageChanges(db, dealId, upTo, newestFirst: true).Take(fetch).ToListAsync(ct);
        entries.AddRange(stages.Select(s => new TimelineEntry(TimelineKind.Stage, s.ChangedAt, s.ChangedById, s.ChangedByName, Stage: s)));
        var changes = (await Audit.AuditService.ReadAsync(db, scope, nameof(Deal), dealId, ct))
            .Where(c => c.ChangedAt < upTo && !Hidden.Contains(c.Field)).OrderByDescending(c => c.ChangedAt).Take(fetch);
        entries.AddRange(changes.Select(c => new TimelineEntry(TimelineKind.Change, c.ChangedAt, c.ChangedById, c.ChangedByName,
            Change: c)));
        var files = await FilesService.Project(db, db.Set<Attachment>().Where(f => f.OwnerType == FileOwner.Deal && f.OwnerId == dealId
            && f.DeletedAt == null && f.CreatedAt < upTo)).Take(fetch).ToListAsync(ct);
        entries.AddRange(files.Select(f => new TimelineEntry(TimelineKind.File, f.CreatedAt, f.UploadedById, f.UploadedByName, File: f)));

        var runs = await AutomationsService.ProjectRuns(db, db.Set<AutomationRun>().Where(r => r.DealId == dealId
                && (r.State == AutomationRunState.Done || r.State == AutomationRunState.Failed) && r.RanAt < upTo)
            .OrderByDescending(r => r.RanAt).Take(fetch)).ToListAsync(ct);
        entries.AddRange(runs.Select(r => new TimelineEntry(TimelineKind.Automation, r.At, null, r.AutomationName, Automation: r)));

        var sorted = entries.OrderByDescending(e => e.At).ThenBy(e => e.Kind).ToList();
        if (sorted.Count <= n) return new TimelinePage(await NamedAsync(db, sorted, ct), null);
        // The page ends after the last entry of the moment at which it would be cut.
        var last = sorted[n - 1].At;
        var page = sorted.TakeWhile((e, i) => i < n || e.At == last).ToList();
        return new TimelinePage(await NamedAsync(db, page, ct), last);
    }

    /// <summary>Fills the names of the task authors the task projection leaves out.</summary>
    private static async Task<List<TimelineEntry>> NamedAsync(VoronkaDbContext db, List<TimelineEntry> page, CancellationToken ct)
    {
        var ids = page.Where(e => e.UserName is null && e.UserId is not null).Select(e => e.UserId!.Value).Distinct().ToList();
        if (ids.Count == 0) return page;
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return page.Select(e => e.UserName is null && e.UserId is int u ? e with { UserName = names.GetValueOrDefault(u) } : e).ToList();
    }
}
