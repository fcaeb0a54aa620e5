using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Deals;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Companies;

internal static class CompanyEndpoints
{
    public static RouteGroupBuilder MapCompanyEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/companies").WithTags("Companies");
        g.MapGet("/", async Task<Ok<Page<CompanyResponse>>> ([AsParameters] CompanyQuery q, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)));
        g.MapGet("/duplicates", async Task<Ok<IReadOnlyList<DuplicateMatch>>> (string? inn, string? phone, string? email, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.FindDuplicatesAsync(u.ToActor(), inn, phone, email, ct)))
            .WithSummary("Companies and contacts already holding this INN, phone or email");
        g.MapGet("/{id:int}", async Task<Ok<CompanyResponse>> (int id, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapGet("/{id:int}/history", async Task<Ok<IReadOnlyList<AuditEntryResponse>>> (int id, ClaimsPrincipal u, AuditService s, CancellationToken ct) =>
            TypedResults.Ok(await s.CompanyAsync(u.ToActor(), id, ct)))
            .WithSummary("Who changed which field of the company, and when");
        g.MapPost("/", async Task<Created<CompanyResponse>> (CompanyRequest r, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
        {
            var c = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/companies/{c.Id}", c);
        });
        g.MapPut("/{id:int}", async Task<Ok<CompanyResponse>> (int id, CompanyRequest r, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, CompaniesService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
