using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Calendar;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Calendar;

internal static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendarEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/calendar").WithTags("Calendar");
        g.MapGet("/days", async Task<Ok<IReadOnlyList<CalendarDayResponse>>> (int? year, CalendarService s, TimeProvider clock, CancellationToken ct) =>
            TypedResults.Ok(await s.ListDaysAsync(year ?? clock.GetUtcNow().Year, ct)))
            .WithSummary("Holidays and worked weekend days of a year (Monday–Friday is the rule)");
        g.MapPut("/days/{date}", async Task<Ok<CalendarDayResponse>> (DateOnly date, CalendarDayRequest r, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetDayAsync(u.ToActor(), date, r, ct)));
        g.MapDelete("/days/{date}", async Task<NoContent> (DateOnly date, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
        {
            await s.DeleteDayAsync(u.ToActor(), date, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/days/standard", async Task<Ok<IReadOnlyList<CalendarDayResponse>>> (int year, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AddStandardHolidaysAsync(u.ToActor(), year, ct)))
            .WithSummary("Add the fixed-date public holidays of a year that fall on weekdays");
        g.MapGet("/working-days", async Task<Ok<WorkingDaysResponse>> (DateOnly? from, DateOnly? to, int? userId, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.WorkingDaysAsync(u.ToActor(), from, to, userId, ct)));
        g.MapGet("/absences", async Task<Ok<IReadOnlyList<AbsenceResponse>>> (int? userId, DateOnly? from, DateOnly? to, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAbsencesAsync(u.ToActor(), userId, from, to, ct)));
        g.MapPost("/absences", async Task<Created<AbsenceResponse>> (AbsenceRequest r, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
        {
            var a = await s.CreateAbsenceAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/calendar/absences/{a.Id}", a);
        });
        g.MapPut("/absences/{id:int}", async Task<Ok<AbsenceResponse>> (int id, AbsenceRequest r, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAbsenceAsync(u.ToActor(), id, r, ct)));
        g.MapDelete("/absences/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
        {
            await s.DeleteAbsenceAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
