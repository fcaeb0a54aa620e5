using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Auth;
using Voronka.Core.Features.People;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Auth;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/auth").WithTags("Auth");
        g.MapPost("/token", async Task<Ok<TokenResponse>> (TokenRequest r, HttpContext http, TokenService s, CancellationToken ct) =>
            TypedResults.Ok(await s.LoginAsync(r, new SignInSource(SignInDoor.Api, http.Connection.RemoteIpAddress?.ToString()), ct)))
            .AllowAnonymous()
            .RequireRateLimiting(PublicLimits.SignIn)
            .WithSummary("Exchange a login and password for a bearer token");
        g.MapGet("/sign-ins", async Task<Ok<Page<SignInEventResponse>>> ([AsParameters] SignInQuery q, ClaimsPrincipal u, SignIns s,
                CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The director's log of sign-in attempts, newest first: from, to (days), userId, outcome, page, pageSize");
        g.MapDelete("/token", async Task<NoContent> (HttpContext http, TokenService s, CancellationToken ct) =>
        {
            if (http.Items[ActorClaims.TokenItem] is string token) await s.RevokeCurrentAsync(token, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revoke the token this request was made with");
        g.MapGet("/personal-tokens", async Task<Ok<IReadOnlyList<PersonalTokenResponse>>> (ClaimsPrincipal u, TokenService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListPersonalAsync(u.ToActor(), ct)));
        g.MapPost("/personal-tokens", async Task<Created<CreatedPersonalTokenResponse>> (PersonalTokenRequest r, ClaimsPrincipal u, TokenService s, CancellationToken ct) =>
        {
            var x = await s.CreatePersonalAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/auth/personal-tokens/{x.Id}", x);
        }).WithSummary("Create a personal access token for an integration; its secret is shown only now");
        g.MapDelete("/personal-tokens/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, TokenService s, CancellationToken ct) =>
        {
            await s.RevokePersonalAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        api.MapPost("/setup", async Task<Created<UserResponse>> (SetupRequest r, SetupService s, CancellationToken ct) =>
        {
            var x = await s.CreateFirstDirectorAsync(r, ct);
            return TypedResults.Created($"/api/v1/users/{x.Id}", x);
        }).AllowAnonymous().RequireRateLimiting(PublicLimits.SignIn).WithTags("Auth")
            .WithSummary("First run: create the director while the database has no users (409 afterwards)");
        return api;
    }
}
