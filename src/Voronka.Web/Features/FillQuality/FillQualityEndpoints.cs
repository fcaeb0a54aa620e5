using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.FillQuality;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.FillQuality;

public static class FillQualityEndpoints
{
    public static RouteGroupBuilder MapFillQualityEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports/fill-quality").WithTags("Fill quality");
        g.MapGet("", async Task<Ok<FillQualityResponse>> (DateOnly? from, DateOnly? to, int? teamId, ClaimsPrincipal u,
            FillQualityService s, CancellationToken ct) => TypedResults.Ok(await s.ReportAsync(u.ToActor(), from, to, teamId, ct)))
            .WithSummary("Each seller's fill quality: open deals with every field their stage requires, with a next step, not rotting, "
                + "with a reachable contact (each with the deal list it counts), the score, fields filled after the move in the period, "
                + "and the weekly trend (the last eight weeks by default); the lowest score first");
        g.MapGet("/to-fix", async Task<Ok<FillToFixResponse>> (int? userId, int? take, ClaimsPrincipal u, FillQualityService s,
            CancellationToken ct) => TypedResults.Ok(await s.ToFixAsync(u.ToActor(), userId, take ?? 100, ct)))
            .WithSummary("The open deals of a seller (or of every seller you see) that fall short, each with what to fix");
        return api;
    }
}
