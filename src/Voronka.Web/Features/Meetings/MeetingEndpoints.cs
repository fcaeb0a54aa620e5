using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Voronka.Core.Common;
using Voronka.Core.Features.Meetings;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Meetings;

internal static class MeetingEndpoints
{
    /// <summary>The web app's door for the minutes (cookie): <c>/meetings/{id}/minutes.docx</c>.</summary>
    public static void MapMeetingMinutes(this WebApplication app) =>
        app.MapGet("/meetings/{id:int}/minutes.docx", async (int id, ClaimsPrincipal user, PeopleActor people, MeetingsService s,
                IStringLocalizer l, CancellationToken ct) =>
                Minutes(await s.GetAsync(await people.ForAsync(user, ct), id, ct), l))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme })
            .ExcludeFromDescription();

    public static RouteGroupBuilder MapMeetingEndpoints(this RouteGroupBuilder api)
    {
        var series = api.MapGroup("/meeting-series").WithTags("Meetings");
        series.MapGet("/", async Task<Ok<IReadOnlyList<SeriesResponse>>> (ClaimsPrincipal u, MeetingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SeriesAsync(u.ToActor(), ct)))
            .WithSummary("The meeting series you see: the department's and your team's (the director: all)");
        series.MapPost("/", async Task<Created<SeriesResponse>> (SeriesRequest r, ClaimsPrincipal u, MeetingsService s,
            CancellationToken ct) =>
            {
                var made = await s.CreateSeriesAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/meeting-series/{made.Id}", made);
            })
            .WithSummary("A weekly meeting of a team (teamId) or of the whole department: its day of the week, time and length");

        var g = api.MapGroup("/meetings").WithTags("Meetings");
        g.MapGet("/", async Task<Ok<IReadOnlyList<MeetingListItem>>> (int? seriesId, ClaimsPrincipal u, MeetingsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), seriesId, ct)))
            .WithSummary("The meetings you see, newest first");
        g.MapPost("/", async Task<Created<MeetingResponse>> (MeetingRequest r, ClaimsPrincipal u, MeetingsService s,
            CancellationToken ct) =>
            {
                var m = await s.PlanAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/meetings/{m.Id}", m);
            })
            .WithSummary("Plan a meeting of a series on a day (by default the series' next day of the week)");
        g.MapGet("/{id:int}", async Task<Ok<MeetingResponse>> (int id, ClaimsPrincipal u, MeetingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapGet("/{id:int}/agenda", async Task<Ok<AgendaResponse>> (int id, ClaimsPrincipal u, MeetingsService s, CancellationToken ct) =>
                TypedResults.Ok((await s.GetAsync(u.ToActor(), id, ct)).Agenda
                    ?? throw new ConflictException("The meeting has not started: its agenda is built when it starts.")))
            .WithSummary("The agenda frozen when the meeting started (409 before it starts)");
        g.MapPost("/{id:int}/start", async Task<Ok<MeetingResponse>> (int id, ClaimsPrincipal u, MeetingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.StartAsync(u.ToActor(), id, ct)))
            .WithSummary("Start the meeting: the agenda is built and frozen, the open decisions of earlier meetings carried in (once)");
        g.MapPut("/{id:int}/notes", async Task<Ok<MeetingResponse>> (int id, NoteRequest r, ClaimsPrincipal u, MeetingsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.NoteAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Write the notes of an agenda section (decisions, plan, funnel, stuck, reviews, objection, bottlenecks, other)");
        g.MapGet("/{id:int}/decisions", async Task<Ok<IReadOnlyList<DecisionResponse>>> (int id, ClaimsPrincipal u, MeetingsService s,
                CancellationToken ct) =>
            {
                var m = await s.GetAsync(u.ToActor(), id, ct);
                return TypedResults.Ok<IReadOnlyList<DecisionResponse>>([.. m.Carried, .. m.Decisions]);
            })
            .WithSummary("The decisions carried into the meeting and the ones it took");
        g.MapPost("/{id:int}/decisions", async Task<Created<DecisionResponse>> (int id, DecisionRequest r, ClaimsPrincipal u,
                MeetingsService s, CancellationToken ct) =>
            {
                var d = await s.DecideAsync(u.ToActor(), id, r, ct);
                return TypedResults.Created($"/api/v1/meetings/{id}/decisions", d);
            })
            .WithSummary("Record a decision: text, owner, due date, and a deal (then also the deal's task)");
        api.MapGet("/decisions/mine", async Task<Ok<IReadOnlyList<DecisionResponse>>> (ClaimsPrincipal u, MeetingsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.MineAsync(u.ToActor(), ct)))
            .WithTags("Meetings").WithSummary("Your open decisions of all meetings, due first");
        api.MapPut("/decisions/{id:int}/status", async Task<Ok<DecisionResponse>> (int id, DecisionStatusRequest r, ClaimsPrincipal u,
                MeetingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetStatusAsync(u.ToActor(), id, r, ct)))
            .WithTags("Meetings").WithSummary("Mark a decision done, dropped or open");
        g.MapPost("/{id:int}/end", async Task<Ok<MeetingResponse>> (int id, ClaimsPrincipal u, MeetingsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.EndAsync(u.ToActor(), id, ct)))
            .WithSummary("End the meeting: its people are told the minutes are ready");
        g.MapGet("/{id:int}/minutes.docx", async (int id, ClaimsPrincipal u, MeetingsService s, IStringLocalizer l, CancellationToken ct) =>
                Minutes(await s.GetAsync(u.ToActor(), id, ct), l))
            .WithSummary("The minutes as a Word document")
            .Produces(200, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        return api;
    }

    private static IResult Minutes(MeetingResponse m, IStringLocalizer l) =>
        Results.File(MeetingMinutes.Docx(m, Texts(l), CultureInfo.CurrentCulture),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{m.SeriesName} {m.Day:yyyy-MM-dd}.docx");

    internal static MinutesTexts Texts(IStringLocalizer l) => new(l["Meetings.Minutes"], l["Meetings.PeriodOf"], l["Meetings.Notes"],
        l["Meetings.Decisions"], l["Meetings.Carried"], l["Meetings.Owner"], l["Meetings.Due"], l["Meetings.Status"],
            l["Meetings.FlaggedOf"],
        s => l[$"DecisionStatus.{s}"], s => l[$"Meetings.Section.{s}"]);
}
