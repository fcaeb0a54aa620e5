using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.Pipelines;

namespace Voronka.Core.Features.Requests;

/// <summary>The rules every path shares: a stage that needs requests done, who takes a new request and when it is due.</summary>
public static class RequestRules
{
    /// <summary>Refuses to put <paramref name="deal"/> into <paramref name="stage"/> while a request type the stage needs has
    /// no done request on the deal; names the requests.</summary>
    internal static async Task EnsureDoneAsync(VoronkaDbContext db, Deal deal, Stage stage, CancellationToken ct)
    {
        var needed = await db.Set<RequestType>().Where(t => t.IsActive && t.RequiredForStageIds.Contains(stage.Id))
            .Select(t => new { t.Id, t.Name }).ToListAsync(ct);
        if (needed.Count == 0) return;
        var dealId = deal.Id;
        var done = dealId == 0 ? [] : await db.Set<AssistantRequest>()
            .Where(r => r.DealId == dealId && r.State == RequestState.Done).Select(r => r.TypeId).Distinct().ToListAsync(ct);
        var missing = needed.Where(t => !done.Contains(t.Id)).ToList();
        if (missing.Count == 0) return;
        var names = string.Join(", ", missing.Select(t => $"'{t.Name}'"));
        throw new ValidationFailedException(
            new Dictionary<string, string[]> { ["requests"] = [$"needs the request {names} done to enter the stage '{stage.Name}'."] },
            $"The stage '{stage.Name}' needs the request {names} done first.",
            new Dictionary<string, object?> { ["missingRequests"] = missing.Select(t => new { typeId = t.Id, name = t.Name }).ToList() });
    }

    /// <summary>Adds a request of <paramref name="type"/> for the deal, given to the type's assistant (their deputy while they
    /// are away today) and due in the type's working hours of that person; tells them.</summary>
    internal static async Task<AssistantRequest> AddAsync(VoronkaDbContext db, RequestType type, int dealId, string dealTitle,
        int requestedById, string valuesJson, string? comment, DateTime now, CancellationToken ct)
    {
        var assignee = await TakerAsync(db, type, now, ct);
        var request = new AssistantRequest
        {
            DealId = dealId, TypeId = type.Id, State = RequestState.Open, ValuesJson = valuesJson, Comment = comment,
            RequestedById = requestedById, AssigneeId = assignee, CreatedAt = now, SubmittedAt = now,
            DueAt = await DueAsync(db, assignee, type.SlaHours, now, ct),
        };
        db.Add(request);
        await Notify.AddAsync(db, assignee, NotificationKind.RequestAssigned, $"{type.Name} — {dealTitle}", $"/deals/{dealId}", now, ct);
        return request;
    }

    /// <summary>The type's assistant, or the deputy while the assistant is away today or deactivated.</summary>
    internal static async Task<int> TakerAsync(VoronkaDbContext db, RequestType type, DateTime now, CancellationToken ct)
    {
        if (type.DeputyId is not int deputy || await AvailableAsync(db, type.AssigneeId, now, ct)) return type.AssigneeId;
        return await AvailableAsync(db, deputy, now, ct) ? deputy : type.AssigneeId;
    }

    internal static async Task<bool> AvailableAsync(VoronkaDbContext db, int userId, DateTime now, CancellationToken ct)
    {
        var today = OrgTime.Today(now, await OrgTime.ZoneAsync(db, ct));
        return await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, ct)
            && !await db.Absences.AnyAsync(a => a.UserId == userId && a.From <= today && a.To >= today, ct);
    }

    /// <summary>The due time: <paramref name="slaHours"/> working hours of the person after <paramref name="from"/>.</summary>
    internal static async Task<DateTime> DueAsync(VoronkaDbContext db, int userId, int slaHours, DateTime from, CancellationToken ct) =>
        (await LeadRouting.ClockOfAsync(db, userId, from, ct)).AddMinutes(from, slaHours * 60);
}
