using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// The accept timer. A lead that waits for the working day (everyone was off hours when it came) is routed again as
/// soon as someone can take it. A lead its assignee has not answered by its due moment (taken, or a call, e-mail or meeting with
/// the client logged since it was given) goes to the next person the rule chooses, none of those who had it; after
/// the rule's passes, or when nobody is left, up to the senior and then the director. Each lead is handled in its own
/// transaction under the routing lock, so two instances never move it twice.
/// </summary>
public sealed class LeadTimers(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    private const int Batch = 100;

    /// <summary>Handles the leads due now; returns how many moved on.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<int> due, waiting;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = await db.Leads.Where(l => l.Status == LeadStatus.Assigned && l.DueAt != null && l.DueAt <= now).OrderBy(l => l.DueAt)
                .Select(l => l.Id).Take(Batch).ToListAsync(ct);
            waiting = await db.Leads.Where(l => l.Status == LeadStatus.New).OrderBy(l => l.ReceivedAt).Select(l => l.Id).Take(Batch)
                .ToListAsync(ct);
        }
        var moved = 0;
        // At night, on a weekend, or with everyone away or full, a waiting lead has nobody to go to: not tried at all.
        if (waiting.Count > 0 && await LeadRouting.AnyoneCanTakeAsync(factory, now, ct))
            foreach (var id in waiting)
                if (await RetryAsync(id, now, ct)) moved++;
        foreach (var id in due)
            if (await PassAsync(id, now, ct)) moved++;
        return moved;
    }

    private async Task<bool> RetryAsync(int id, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LeadRouting.LockAsync(db, ct);
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lead is not { Status: LeadStatus.New }) return false;
        // A returning client who came off hours goes to their owner once the owner is at work.
        var owner = lead.CoveringForId;
        lead.CoveringForId = null;
        await LeadRouting.RouteAsync(db, lead, owner, now, new HashSet<int>(), ct, retry: true);
        if (lead.Status == LeadStatus.New) return false;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return true;
    }

    private async Task<bool> PassAsync(int id, DateTime now, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LeadRouting.LockAsync(db, ct);
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lead is not { Status: LeadStatus.Assigned, DueAt: not null } || lead.DueAt > now) return false;
        if (await TouchedAsync(db, lead, ct) is DateTime touched)
        {
            (lead.FirstTouchAt, lead.DueAt) = (touched, null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return false;
        }
        var rule = lead.RuleId is int ruleId ? await db.RoutingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ruleId, ct) : null;
        var tried = (await db.RoutingDecisions.Where(d => d.LeadId == id && d.ChosenId != null).Select(d => d.ChosenId!.Value)
            .ToListAsync(ct)).ToHashSet();
        var given = await db.RoutingDecisions.CountAsync(d => d.LeadId == id && (d.Kind == RoutingDecisionKind.Routed
            || d.Kind == RoutingDecisionKind.Owner || d.Kind == RoutingDecisionKind.Passed || d.Kind == RoutingDecisionKind.Manual), ct);
        if (lead.Level == 0 && given <= (rule?.MaxPasses ?? new RoutingRule().MaxPasses))
            await LeadRouting.RouteAsync(db, lead, null, now, tried, ct, RoutingDecisionKind.Passed);
        else await LeadRouting.EscalateAsync(db, lead, rule, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return true;
    }

    /// <summary>When the assignee first answered the client since the lead was given: a call, e-mail or meeting logged on
    /// the client's deal, contact or company.</summary>
    internal static async Task<DateTime?> TouchedAsync(VoronkaDbContext db, Lead lead, CancellationToken ct)
    {
        if (lead.AssigneeId is not int person || lead.AssignedAt is not DateTime since) return null;
        var (deal, contact, company) = (lead.DealId, lead.ContactId, lead.CompanyId);
        if (deal is null && contact is null && company is null) return null;
        return await db.Activities.Where(a => a.UserId == person && a.OccurredAt >= since
                && (a.Type == ActivityType.Call || a.Type == ActivityType.Email || a.Type == ActivityType.Meeting)
                && ((deal != null && a.DealId == deal) || (contact != null && a.ContactId == contact)
                    || (company != null && a.CompanyId == company)))
            .OrderBy(a => a.OccurredAt).Select(a => (DateTime?)a.OccurredAt).FirstOrDefaultAsync(ct);
    }
}
