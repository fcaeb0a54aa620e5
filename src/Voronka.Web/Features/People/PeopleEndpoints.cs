using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.People;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.People;

internal static class PeopleEndpoints
{
    public sealed record SetPasswordRequest(string? Password);

    public static RouteGroupBuilder MapPeopleEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/users").WithTags("People");
        g.MapGet("/", async Task<Ok<IReadOnlyList<UserResponse>>> ([AsParameters] UserQuery q, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListUsersAsync(u.ToActor(), q, ct)))
            .WithSummary("Users with their role and team");
        g.MapGet("/me", async Task<Ok<UserResponse>> (ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetUserAsync(u.ToActor(), u.ToActor().UserId, ct)));
        g.MapPut("/me/password", async Task<NoContent> (ChangePasswordRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            await s.ChangePasswordAsync(u.ToActor(), r, ct);
            return TypedResults.NoContent();
        });
        g.MapGet("/{id:int}", async Task<Ok<UserResponse>> (int id, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetUserAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<UserResponse>> (CreateUserRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            var x = await s.CreateUserAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/users/{x.Id}", x);
        });
        g.MapPut("/{id:int}", async Task<Ok<UserResponse>> (int id, UpdateUserRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateUserAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Change a user's name, role, team or region, or deactivate them (isActive: false)");
        g.MapPut("/{id:int}/password", async Task<NoContent> (int id, SetPasswordRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            await s.SetPasswordAsync(u.ToActor(), id, r.Password, ct);
            return TypedResults.NoContent();
        });

        var t = api.MapGroup("/teams").WithTags("People");
        t.MapGet("/", async Task<Ok<IReadOnlyList<TeamResponse>>> (ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListTeamsAsync(u.ToActor(), ct)));
        t.MapGet("/{id:int}", async Task<Ok<TeamResponse>> (int id, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetTeamAsync(u.ToActor(), id, ct)));
        t.MapPost("/", async Task<Created<TeamResponse>> (TeamRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            var x = await s.CreateTeamAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/teams/{x.Id}", x);
        });
        t.MapPut("/{id:int}", async Task<Ok<TeamResponse>> (int id, TeamRequest r, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateTeamAsync(u.ToActor(), id, r, ct)));
        t.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            await s.DeleteTeamAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        var r = api.MapGroup("/regions").WithTags("People");
        r.MapGet("/", async Task<Ok<IReadOnlyList<RegionResponse>>> (ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListRegionsAsync(u.ToActor(), ct)));
        r.MapGet("/{id:int}", async Task<Ok<RegionResponse>> (int id, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetRegionAsync(u.ToActor(), id, ct)));
        r.MapPost("/", async Task<Created<RegionResponse>> (RegionRequest req, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            var x = await s.SaveRegionAsync(u.ToActor(), null, req, ct);
            return TypedResults.Created($"/api/v1/regions/{x.Id}", x);
        });
        r.MapPut("/{id:int}", async Task<Ok<RegionResponse>> (int id, RegionRequest req, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SaveRegionAsync(u.ToActor(), id, req, ct)));
        r.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, PeopleService s, CancellationToken ct) =>
        {
            await s.DeleteRegionAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
