using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Requests;

/// <summary>
/// One round over the open requests: one not yet taken whose assistant is away today goes to the deputy (with a new due
/// time in the deputy's working hours); one past its due time climbs its type's ladder, each step told once, counted in
/// the assignee's working hours (a weekend or a day away does not count).
/// </summary>
public sealed class RequestEscalation(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var types = await db.Set<RequestType>().AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var open = await db.Set<AssistantRequest>().Include(r => r.Deal)
            .Where(r => r.State == RequestState.Open || r.State == RequestState.InWork).OrderBy(r => r.DueAt).Take(1000).ToListAsync(ct);
        var changed = 0;
        // Read once per person a round: whether they are here today, and their working clock from their earliest due time
        // (the requests come in due order, so the first one of a person is their earliest).
        var here = new Dictionary<int, bool>();
        var clocks = new Dictionary<int, WorkingClock>();
        async Task<bool> Here(int user) =>
            here.TryGetValue(user, out var h) ? h : here[user] = await RequestRules.AvailableAsync(db, user, now, ct);
        foreach (var r in open)
        {
            var type = types[r.TypeId];
            var subject = $"{type.Name} — {r.Deal?.Title}";
            var link = $"/deals/{r.DealId}";
            if (r.State == RequestState.Open && type.DeputyId is int deputy && r.AssigneeId != deputy && !await Here(r.AssigneeId)
                && await Here(deputy))
            {
                r.AssigneeId = deputy;
                r.DueAt = await RequestRules.DueAsync(db, deputy, type.SlaHours, now, ct);
                await Notify.AddAsync(db, deputy, NotificationKind.RequestAssigned, subject, link, now, ct);
                changed++;
            }
            if (r.DueAt >= now) continue;
            var ladder = RequestTypesService.Ladder(type.LadderJson);
            if (!clocks.TryGetValue(r.AssigneeId, out var workClock))
                clocks[r.AssigneeId] = workClock = await LeadRouting.ClockOfAsync(db, r.AssigneeId, r.DueAt, ct);
            var late = workClock.MinutesBetween(r.DueAt, now);
            while (r.Escalations < ladder.Count && ladder[r.Escalations].AfterHours * 60 <= late)
            {
                foreach (var who in await TargetsAsync(db, ladder[r.Escalations].Target, r, type, ct))
                    await Notify.AddAsync(db, who, NotificationKind.RequestOverdue, subject, link, now, ct);
                r.Escalations++;
                changed++;
            }
        }
        if (changed == 0) return 0;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed a request meanwhile (took it, or another instance escalated it): the next round looks again.
            return 0;
        }
        NotificationSignal.Raise(db.Notified);
        return changed;
    }

    private static async Task<IReadOnlyList<int>> TargetsAsync(VoronkaDbContext db, EscalationTarget target, AssistantRequest r,
        RequestType type, CancellationToken ct)
    {
        switch (target)
        {
            case EscalationTarget.Assignee:
                return [r.AssigneeId];
            case EscalationTarget.Deputy:
                return type.DeputyId is int d ? [d] : [];
            case EscalationTarget.Senior:
                return await Seniors.AboveAsync(db, r.RequestedById, ct);
            default:
                return await db.Users.Where(u => u.Role == UserRole.Director && u.IsActive).Select(u => u.Id).ToListAsync(ct);
        }
    }
}
