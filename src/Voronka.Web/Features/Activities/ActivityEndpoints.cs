using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Activities;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Activities;

internal static class ActivityEndpoints
{
    public static RouteGroupBuilder MapActivityEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/activities").WithTags("Activities");
        g.MapGet("/", async Task<Ok<Page<ActivityResponse>>> ([AsParameters] ActivityQuery q, ClaimsPrincipal u, ActivitiesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)));
        g.MapGet("/{id:long}", async Task<Ok<ActivityResponse>> (long id, ClaimsPrincipal u, ActivitiesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<ActivityResponse>> (ActivityRequest r, ClaimsPrincipal u, ActivitiesService s, CancellationToken ct) =>
        {
            var a = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/activities/{a.Id}", a);
        }).WithSummary("Log a call, meeting, proposal, presale, email or note");
        g.MapPut("/{id:long}", async Task<Ok<ActivityResponse>> (long id, ActivityRequest r, ClaimsPrincipal u, ActivitiesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        g.MapDelete("/{id:long}", async Task<NoContent> (long id, ClaimsPrincipal u, ActivitiesService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
