using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Requests;

/// <summary>One request type over a period: requests made, done, done within the SLA, the median hours from request to done,
/// the share sent back at least once, and the managers' hours the assistant saved (done × the type's standard minutes).</summary>
public sealed record RequestTypeFigures(
    int TypeId, string Name, int Requests, int Done, decimal? SlaMetShare, double? MedianHoursToDone, decimal? ReworkShare,
    decimal HoursSaved);

public sealed record RequestReportResponse(DateOnly From, DateOnly To, IReadOnlyList<RequestTypeFigures> Types);

/// <summary>The back office's report per request type, for requests made in a period (organisation's days, both included).</summary>
public sealed class RequestReport(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<RequestReportResponse> GetAsync(Actor actor, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior && !actor.IsAssistant)
            throw new ForbiddenException("The back office's report is for the director, the seniors and the assistants.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var (f, t) = (from ?? new DateOnly(today.Year, today.Month, 1), to ?? today);
        if (t < f) throw ValidationFailedException.For("to", "must not be before from.");
        var (start, end) = OrgTime.Range(f, t, zone);
        var rows = await (await RequestsService.VisibleAsync(db, actor, ct))
            .Where(r => r.CreatedAt >= start && r.CreatedAt < end && r.State != RequestState.Cancelled)
            .Select(r => new { r.TypeId, r.State, r.CreatedAt, r.DoneAt, r.DueAt, r.Returns }).ToListAsync(ct);
        var types = await db.Set<RequestType>().AsNoTracking().OrderBy(x => x.Position).ThenBy(x => x.Id).ToListAsync(ct);
        return new RequestReportResponse(f, t, types.Select(type =>
        {
            var mine = rows.Where(r => r.TypeId == type.Id).ToList();
            var done = mine.Where(r => r.State == RequestState.Done && r.DoneAt is not null).ToList();
            var hours = done.Select(r => (r.DoneAt!.Value - r.CreatedAt).TotalHours).Order().ToList();
            return new RequestTypeFigures(type.Id, type.Name, mine.Count, done.Count,
                done.Count == 0 ? null : Math.Round((decimal)done.Count(r => r.DoneAt <= r.DueAt) / done.Count, 4),
                hours.Count == 0 ? null : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2]
                    : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2, 1),
                mine.Count == 0 ? null : Math.Round((decimal)mine.Count(r => r.Returns > 0) / mine.Count, 4),
                Math.Round(done.Count * type.StandardMinutes / 60m, 1));
        }).Where(x => x.Requests > 0 || types.Count <= 20).ToList());
    }
}
