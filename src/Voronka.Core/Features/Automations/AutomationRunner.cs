using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Automations;

/// <summary>
/// Carries out stage automations. A move writes one pending run per automation of the stage entered, in the move's own
/// transaction (<see cref="QueueAsync"/>); the path that moved the deal then runs them at once, and a background round
/// takes any left behind (a process that died in between) and fires the idle rules. Each run is claimed by a conditional
/// update, so it is done once across instances; a run that fails is recorded with its reason and leaves the move as it is.
/// </summary>
public sealed class AutomationRunner(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock,
    ILogger<AutomationRunner>? logger = null)
{
    /// <summary>How many automations' moves may follow one another before the chain stops (a loop between two stages).</summary>
    public const int MaxDepth = 5;

    /// <summary>Pending runs younger than this are left to the path that made them.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly ILogger _log = logger ?? NullLogger<AutomationRunner>.Instance;

    /// <summary>Adds a pending run for each active "on entering" automation of every stage the tracked deal enters in
    /// this save, and tells whether it added any (only then has the caller runs to do after the save). The caller skips it
    /// for an import of history.</summary>
    internal static async Task<bool> QueueAsync(VoronkaDbContext db, Deal deal, int depth, DateTime now, CancellationToken ct)
    {
        var added = deal.StageChanges.Where(c => c.Id == 0).ToList();
        if (added.Count == 0) return false;
        var stages = added.Select(c => c.ToStageId).Distinct().ToList();
        var automations = await db.Set<StageAutomation>().AsNoTracking()
            .Where(a => a.IsActive && a.Trigger == AutomationTrigger.Enter && stages.Contains(a.StageId))
            .OrderBy(a => a.Position).ThenBy(a => a.Id).Select(a => new { a.Id, a.StageId }).ToListAsync(ct);
        foreach (var change in added)
        foreach (var a in automations.Where(a => a.StageId == change.ToStageId))
            db.Add(new AutomationRun
            {
                AutomationId = a.Id, Deal = deal, StageChange = change, Depth = depth, State = AutomationRunState.Pending, CreatedAt = now,
            });
        return automations.Count > 0;
    }

    /// <summary>Runs the deal's pending runs, including those its automations' moves add; returns how many ran.</summary>
    public async Task<int> RunForDealAsync(int dealId, CancellationToken ct = default)
    {
        var done = 0;
        for (var round = 0; round <= MaxDepth + 1; round++)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var ids = await db.Set<AutomationRun>().Where(r => r.DealId == dealId && r.State == AutomationRunState.Pending)
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
            if (ids.Count == 0) break;
            foreach (var id in ids) if (await RunOneAsync(id, ct)) done++;
        }
        return done;
    }

    /// <summary>One background round: runs left pending, then the idle rules. Returns how many runs were done.</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct = default)
    {
        var done = await RunLeftAsync(ct);
        if (await QueueIdleAsync(ct) > 0) done += await RunLeftAsync(ct, all: true);
        return done;
    }

    private async Task<int> RunLeftAsync(CancellationToken ct, bool all = false)
    {
        var done = 0;
        var before = clock.GetUtcNow().UtcDateTime - (all ? TimeSpan.Zero : Grace);
        for (var round = 0; round <= MaxDepth + 1; round++)
        {
            List<long> ids;
            await using (var db = await factory.CreateDbContextAsync(ct))
                ids = await db.Set<AutomationRun>().Where(r => r.State == AutomationRunState.Pending && r.CreatedAt <= before)
                    .OrderBy(r => r.Id).Select(r => r.Id).Take(500).ToListAsync(ct);
            if (ids.Count == 0) break;
            foreach (var id in ids) if (await RunOneAsync(id, ct)) done++;
            before = clock.GetUtcNow().UtcDateTime;
        }
        return done;
    }

    /// <summary>Adds a run for each open deal that has stood in an idle rule's stage its days with no activity in them, once
    /// per stay in the stage.</summary>
    private async Task<int> QueueIdleAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rules = await db.Set<StageAutomation>().AsNoTracking()
            .Where(a => a.IsActive && a.Trigger == AutomationTrigger.Idle && a.IdleDays != null).ToListAsync(ct);
        var added = 0;
        foreach (var rule in rules)
        {
            var since = now.AddDays(-rule.IdleDays!.Value);
            var stays = await db.Deals
                .Where(d => d.StageId == rule.StageId && d.ClosedAt == null && d.StageEnteredAt <= since
                    && !db.Activities.Any(x => x.DealId == d.Id && x.OccurredAt >= since))
                .Select(d => new
                {
                    d.Id,
                    Change = db.DealStageChanges.Where(c => c.DealId == d.Id && c.ToStageId == d.StageId).Max(c => (long?)c.Id),
                })
                .Where(x => x.Change != null
                    && !db.Set<AutomationRun>().Any(r => r.AutomationId == rule.Id && r.StageChangeId == x.Change))
                .OrderBy(x => x.Id).Take(500).ToListAsync(ct);
            foreach (var s in stays)
                db.Add(new AutomationRun
                {
                    AutomationId = rule.Id, DealId = s.Id, StageChangeId = s.Change!.Value, State = AutomationRunState.Pending,
                        CreatedAt = now,
                });
            added += stays.Count;
        }
        if (added == 0) return 0;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance queued the same stays a moment earlier: the unique run per stay refused these.
            return 0;
        }
        return added;
    }

    private async Task<bool> RunOneAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await db.Set<AutomationRun>().Where(r => r.Id == id && r.State == AutomationRunState.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, AutomationRunState.Done).SetProperty(r => r.RanAt, now), ct) == 0)
                return false;
            var run = await db.Set<AutomationRun>().FirstAsync(r => r.Id == id, ct);
            var rule = await db.Set<StageAutomation>().AsNoTracking().FirstAsync(a => a.Id == run.AutomationId, ct);
            var deal = await db.Deals.Include(d => d.Lines).FirstOrDefaultAsync(d => d.Id == run.DealId, ct);
            if (deal is null || (rule.Trigger == AutomationTrigger.Idle && (deal.StageId != rule.StageId || deal.ClosedAt is not null)))
                run.State = AutomationRunState.Skipped;
            else await ActAsync(db, rule, run, deal, now, ct);
            db.StampAudit(rule.CreatedById, clock);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            NotificationSignal.Raise(db.Notified);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Automation run {Run} failed", id);
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            var error = Reason(e);
            await db.Set<AutomationRun>().Where(r => r.Id == id && r.State == AutomationRunState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, AutomationRunState.Failed).SetProperty(r => r.RanAt, now)
                    .SetProperty(r => r.Error, error), CancellationToken.None);
            return true;
        }
    }

    /// <summary>Why a run failed, as one reason the screens translate: a refused field names its own reason.</summary>
    private static string Reason(Exception e)
    {
        var text = e is ValidationFailedException v && v.Errors.Count > 0 && e.Message == "One or more fields are invalid."
            ? v.Errors.First().Value.FirstOrDefault() ?? e.Message
            : e.Message;
        return text.Length > 1000 ? text[..1000] : text;
    }

    private async Task ActAsync(VoronkaDbContext db, StageAutomation rule, AutomationRun run, Deal deal, DateTime now,
        CancellationToken ct)
    {
        switch (rule.Action)
        {
            case AutomationAction.CreateTask:
                var assignee = await AutomationsService.ResolveAsync(db, rule.Target!.Value, rule.PersonId, deal.OwnerId, ct);
                var working = await LeadRouting.ClockOfAsync(db, assignee, now, ct);
                var minutes = (rule.DueIn ?? 0) * (rule.DueUnit == DueUnit.WorkingDays ? working.DayMinutes : 60);
                var task = new DealTask
                {
                    DealId = deal.Id, Kind = rule.TaskKind ?? TaskKind.FollowUp, Title = rule.Text!, AssigneeId = assignee,
                    AuthorId = rule.CreatedById, DueAt = working.AddMinutes(now, minutes), Status = DealTaskStatus.Open, CreatedAt = now,
                };
                db.Tasks.Add(task);
                await db.SaveChangesAsync(ct);
                (run.TaskId, run.UserId) = (task.Id, assignee);
                await Notify.AddAsync(db, assignee, NotificationKind.TaskAssigned, $"{task.Title} — {deal.Title}", $"/deals/{deal.Id}",
                    now, ct);
                break;
            case AutomationAction.Notify:
                var to = await AutomationsService.ResolveAsync(db, rule.Target!.Value, rule.PersonId, deal.OwnerId, ct);
                run.UserId = to;
                await Notify.AddAsync(db, to, NotificationKind.Automation, $"{rule.Text} — {deal.Title}", $"/deals/{deal.Id}", now, ct);
                break;
            case AutomationAction.SetField:
                await SetFieldAsync(db, rule, deal, ct);
                deal.UpdatedAt = now;
                break;
            case AutomationAction.CreateRequest:
                var type = await db.Set<Requests.RequestType>().FirstOrDefaultAsync(t => t.Id == rule.RequestTypeId && t.IsActive, ct)
                    ?? throw new ConflictException("The request type of the automation is switched off.");
                var request = await Requests.RequestRules.AddAsync(db, type, deal.Id, deal.Title, deal.OwnerId, "{}", null, now, ct);
                request.AutomationRunId = run.Id;
                await db.SaveChangesAsync(ct);
                (run.RequestId, run.UserId) = (request.Id, request.AssigneeId);
                break;
            case AutomationAction.MoveStage:
                var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == rule.MoveToStageId, ct)
                    ?? throw new ConflictException("The stage to move to no longer exists.");
                run.StageId = stage.Id;
                if (deal.StageId == stage.Id) break;
                if (run.Depth >= MaxDepth)
                    throw new ConflictException($"Automations moved this deal {MaxDepth} times in a row: the chain stops here.");
                if (stage.PipelineId != deal.PipelineId) throw new ConflictException("The stage to move to is in another pipeline.");
                if (stage.Kind != StageKind.Lost) (deal.LossReasonId, deal.LossComment) = (null, null);
                DealsService.EnsureCanEnter(deal, stage);
                await Requests.RequestRules.EnsureDoneAsync(db, deal, stage, ct);
                deal.EnterStage(stage, rule.CreatedById, now);
                deal.UpdatedAt = now;
                await QueueAsync(db, deal, run.Depth + 1, now, ct);
                break;
        }
    }

    private static async Task SetFieldAsync(VoronkaDbContext db, StageAutomation rule, Deal deal, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(rule.Value ?? "null");
        var value = doc.RootElement.Clone();
        if (rule.Field == DealFields.Source)
        {
            deal.Source = value.GetString()?.Trim();
            return;
        }
        if (!DealFields.IsCustom(rule.Field ?? "", out var key)) throw new ConflictException($"The field '{rule.Field}' is not known.");
        var v = new Validator();
        deal.CustomFields = await CustomFieldData.ApplyAsync(db, CustomFieldEntity.Deal, new Dictionary<string,
            JsonElement> { [key] = value },
            deal.CustomFields, v, ct);
        v.ThrowIfInvalid();
    }
}
