using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Voronka.Core.Features.Reports;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Reports;

internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports");
        g.MapGet("/funnel", async Task<Ok<FunnelReport>> ([AsParameters] FunnelQuery q, ClaimsPrincipal u, FunnelService s, CancellationToken ct) =>
            TypedResults.Ok(await s.FunnelAsync(u.ToActor(), q, ct)))
            .WithSummary("The funnel of a period by any cut: per stage the deals, amount, conversion to the next stage and to won, time in stage, losses and their reasons (view=cohort or flow)");
        g.MapGet("/bottlenecks", async Task<Ok<BottleneckReport>> ([AsParameters] BottleneckQuery q, ClaimsPrincipal u, BottlenecksService s, CancellationToken ct) =>
            TypedResults.Ok(await s.FindAsync(u.ToActor(), q, ct)))
            .WithSummary("Stages where a manager converts significantly worse than the rest (ranked by revenue at stake), stays significantly longer, and stages that got slower");
        g.MapGet("/activity", async Task<Ok<ActivityReport>> ([AsParameters] ActivityReportQuery q, ClaimsPrincipal u, ActivityReportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ReportAsync(u.ToActor(), q, ct)))
            .WithSummary("Calls (count and talk time), meetings, proposals, presales and new deals per manager per day, week or month, against plan");
        g.MapGet("/dashboard", async Task<Ok<DashboardResponse>> (ClaimsPrincipal u, DashboardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), ct)))
            .WithSummary("The day-one picture: goals and progress, the funnel now, sales per manager, activity against plan, hot leads, what needs attention");
        g.MapGet("/dashboard/charts", DashboardChartsAsync)
            .WithName("GetDashboardCharts")
            .WithSummary("The dashboard's charts: won revenue against the pace line to the goal, plan against fact per manager, "
                + "the open funnel by stage, calls and meetings per working day, and the forecast against the goal")
            .WithDescription("`period` (month, quarter or year; month by default) sets the period of the plan against fact per "
                + "manager. The pace and forecast charts are the current month and quarter of the actor's goal: the "
                + "organisation's for the director, the team's for a senior, one's own for a manager.");
        g.MapPut("/dashboard/widgets", async Task<Ok<IReadOnlyList<string>>> (DashboardWidgetsRequest r, ClaimsPrincipal u, DashboardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetWidgetsAsync(u.ToActor(), r, ct)))
            .WithSummary("Choose the dashboard's blocks for the organisation: goals, funnel, activity, hotLeads, attention, sales");
        g.MapGet("/hot-leads", async Task<Ok<IReadOnlyList<HotLead>>> ([AsParameters] HotLeadsQuery q, ClaimsPrincipal u, HotLeadsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("Open deals ranked by a transparent score, with the parts of the score beside each");
        g.MapGet("/snapshots", async Task<Ok<IReadOnlyList<SnapshotSummary>>> (DateOnly? from, DateOnly? to, ClaimsPrincipal u, SnapshotsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), from, to, ct)))
            .WithSummary("The daily funnel reports kept, newest first");
        g.MapGet("/snapshots/{day}", async Task<Ok<SnapshotResponse>> (DateOnly day, ClaimsPrincipal u, SnapshotsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), day, ct)))
            .WithSummary("One day's funnel per manager and stage, with the change since the snapshot before");
        g.MapPost("/snapshots", async Task<Ok<SnapshotResponse>> (ClaimsPrincipal u, SnapshotsService s, CancellationToken ct) =>
        {
            var actor = u.ToActor();
            actor.RequireDirector();
            return TypedResults.Ok(await s.GetAsync(actor, await s.TakeAsync(ct), ct));
        }).WithSummary("Take today's snapshot now, unless it has been taken");
        return api;
    }

    private static async Task<Ok<DashboardChartsResponse>> DashboardChartsAsync(
        [AsParameters] DashboardChartsQuery q, ClaimsPrincipal u, DashboardChartsService s, CancellationToken ct) =>
        TypedResults.Ok(await s.GetAsync(u.ToActor(), q, ct));

    /// <summary>A day's funnel report as an .xlsx file: one row per manager and stage, with the change since the day before.</summary>
    public static void MapSnapshotExport(this WebApplication app)
    {
        app.MapGet("/export/snapshot.xlsx", async (DateOnly day, ClaimsPrincipal user, SnapshotsService snapshots, IStringLocalizer texts, PeopleActor people, CancellationToken ct) =>
        {
            var report = await snapshots.GetAsync(await people.ForAsync(user, ct), day, ct);
            var headers = new[] { "Kpi.Person", "Report.Stage", "Report.Deals", "Report.Amount", "Report.DealsChange", "Report.AmountChange" }.Select(k => texts[k].Value).ToList();
            var rows = report.Managers.Append(report.Total).SelectMany(m => m.Stages.Select(c => (IReadOnlyList<object?>)
                [m.OwnerId is null ? texts["Kpi.Total"].Value : m.Name, c.Stage, c.Deals, c.Amount, c.DealsChange, c.AmountChange])).ToList();
            var bytes = XlsxWriter.Write(texts["Nav.Daily"], headers, rows);
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"funnel-{day:yyyyMMdd}.xlsx");
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme }).ExcludeFromDescription();
    }

    /// <summary>The funnel as an .xlsx file, for the web app (cookie), with the same filters.</summary>
    public static void MapFunnelExport(this WebApplication app)
    {
        app.MapGet("/export/funnel.xlsx", async ([AsParameters] FunnelQuery q, ClaimsPrincipal user, FunnelService funnel, IStringLocalizer texts, PeopleActor people, CancellationToken ct) =>
        {
            var report = await funnel.FunnelAsync(await people.ForAsync(user, ct), q, ct);
            var headers = new[] { "Report.Stage", "Report.Deals", "Report.Amount", "Report.ToNext", "Report.ToWon", "Report.AverageDays", "Report.MedianDays", "Report.Lost", "Report.LostAmount", "Report.Reasons" }
                .Select(k => texts[k].Value).ToList();
            var rows = report.Stages.Select(s => (IReadOnlyList<object?>)
            [
                s.Stage, s.Deals, s.Amount, s.ToNext, s.ToWon, s.AverageDays, s.MedianDays, s.Lost, s.LostAmount,
                string.Join("; ", s.LossReasons.Select(r => $"{r.Reason}: {r.Deals}")),
            ]).ToList();
            rows.Add([texts["Report.Won"].Value, report.Won.Deals, report.Won.Amount, null, null, null, null, null, null, null]);
            var bytes = XlsxWriter.Write(texts["Nav.Funnel"], headers, rows);
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"funnel-{report.View}-{report.From:yyyyMMdd}-{report.To:yyyyMMdd}.xlsx");
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme }).ExcludeFromDescription();
    }
}
