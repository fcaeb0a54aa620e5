using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Organisation;
using Voronka.Core.Features.Pipelines;
using Voronka.Core.Features.Products;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Catalog;

/// <summary>The sales process and its reference lists: pipelines, loss reasons, products, custom fields, organisation settings.</summary>
internal static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var p = api.MapGroup("/pipelines").WithTags("Pipelines");
        p.MapGet("/", async Task<Ok<IReadOnlyList<PipelineResponse>>> (ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("Pipelines with their stages: kind, probability, rotting days, required fields");
        p.MapGet("/{id:int}", async Task<Ok<PipelineResponse>> (int id, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        p.MapPost("/", async Task<Created<PipelineResponse>> (PipelineRequest r, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
        {
            var x = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/pipelines/{x.Id}", x);
        });
        p.MapPut("/{id:int}", async Task<Ok<PipelineResponse>> (int id, PipelineRequest r, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        p.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        var l = api.MapGroup("/loss-reasons").WithTags("Pipelines");
        l.MapGet("/", async Task<Ok<IReadOnlyList<LossReasonResponse>>> (ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListLossReasonsAsync(u.ToActor(), ct)));
        l.MapPost("/", async Task<Created<LossReasonResponse>> (LossReasonRequest r, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
        {
            var x = await s.CreateLossReasonAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/loss-reasons/{x.Id}", x);
        });
        l.MapPut("/{id:int}", async Task<Ok<LossReasonResponse>> (int id, LossReasonRequest r, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateLossReasonAsync(u.ToActor(), id, r, ct)));
        l.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, PipelinesService s, CancellationToken ct) =>
        {
            await s.DeleteLossReasonAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        var pr = api.MapGroup("/products").WithTags("Products");
        pr.MapGet("/", async Task<Ok<Page<ProductResponse>>> ([AsParameters] ProductQuery q, ClaimsPrincipal u, ProductsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)));
        pr.MapGet("/{id:int}", async Task<Ok<ProductResponse>> (int id, ClaimsPrincipal u, ProductsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        pr.MapPost("/", async Task<Created<ProductResponse>> (ProductRequest r, ClaimsPrincipal u, ProductsService s, CancellationToken ct) =>
        {
            var x = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/products/{x.Id}", x);
        });
        pr.MapPut("/{id:int}", async Task<Ok<ProductResponse>> (int id, ProductRequest r, ClaimsPrincipal u, ProductsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        pr.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, ProductsService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a product; one that is on deals is archived instead");

        var f = api.MapGroup("/custom-fields").WithTags("Custom fields");
        f.MapGet("/", async Task<Ok<IReadOnlyList<CustomFieldResponse>>> (CustomFieldEntity? entity, ClaimsPrincipal u, CustomFieldsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), entity, ct)));
        f.MapGet("/{id:int}", async Task<Ok<CustomFieldResponse>> (int id, ClaimsPrincipal u, CustomFieldsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        f.MapPost("/", async Task<Created<CustomFieldResponse>> (CustomFieldRequest r, ClaimsPrincipal u, CustomFieldsService s, CancellationToken ct) =>
        {
            var x = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/custom-fields/{x.Id}", x);
        });
        f.MapPut("/{id:int}", async Task<Ok<CustomFieldResponse>> (int id, CustomFieldRequest r, ClaimsPrincipal u, CustomFieldsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        f.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, CustomFieldsService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });

        var o = api.MapGroup("/organisation").WithTags("Organisation");
        o.MapGet("/", async Task<Ok<OrganisationResponse>> (ClaimsPrincipal u, OrganisationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), ct)));
        o.MapPut("/", async Task<Ok<OrganisationResponse>> (OrganisationRequest r, ClaimsPrincipal u, OrganisationService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), r, ct)));
        return api;
    }
}
