using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
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
        g.MapPost("/days/standard", async Task<Ok<StandardHolidaysResponse>> (
                int year, ClaimsPrincipal u, CalendarService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AddStandardHolidaysAsync(u.ToActor(), year, ct)))
            .WithSummary("Add the days off and worked weekend days of a year's production calendar that are not set yet")
            .WithDescription("From the official Russian production calendar shipped for 2025–2026 (2027 provisional, by the "
                + "Labour Code), else the public holidays with the weekend rule of art. 112; `source` says which.");
        g.MapPost("/import", ImportAsync)
            .Accepts<string>("application/xml", "text/xml", "multipart/form-data")
            .WithSummary("Import a year's production calendar (the xmlcalendar XML format)")
            .WithDescription("The body is the XML file (application/xml or text/xml), or a multipart form with the file in "
                + "`file`. `mode=replace` (default) makes the file the year's calendar; `mode=merge` keeps the other days set "
                + "before. Days off on weekdays and worked weekend days are written; shortened days are not kept.");
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

    private static async Task<Results<Ok<CalendarImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, string? mode, ClaimsPrincipal u, CalendarService s, CancellationToken ct)
    {
        var actor = u.ToActor();
        actor.RequireDirector();
        var importMode = ValidationFailedException.ParseEnum(mode, "mode", CalendarImportMode.Replace);
        byte[] content;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file")
                ?? throw ValidationFailedException.For("file", "is required: send the XML in the form field 'file'.");
            await using var stream = file.OpenReadStream();
            content = await ReadAsync(stream, ct);
        }
        else if (request.ContentType is { } type && IsXml(type))
        {
            content = await ReadAsync(request.Body, ct);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: "Send the calendar as application/xml, text/xml or a multipart form with the file in 'file'.");
        }
        return TypedResults.Ok(await s.ImportAsync(actor, content, importMode, ct));
    }

    private static bool IsXml(string contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads at most one byte more than a calendar may have, so an oversized body is refused without reading it all.</summary>
    private static async Task<byte[]> ReadAsync(Stream body, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > ProductionCalendarXml.MaxBytes) break;
        }
        return copy.ToArray();
    }
}
