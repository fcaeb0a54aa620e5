using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Duplicates;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Duplicates;

public static class DuplicateEndpoints
{
    public static RouteGroupBuilder MapDuplicateEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/duplicates", async Task<Ok<DuplicatesResponse>> (MergeEntity? entity, int? take, ClaimsPrincipal u,
            DuplicatesService s,
                CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u.ToActor(), entity, take ?? 100, ct)))
            .WithTags("Duplicates")
            .WithSummary("Companies and contacts that are likely the same: the same INN, phone or e-mail, or a name alike (the director)");
        var g = api.MapGroup("/merges").WithTags("Duplicates");
        g.MapGet("", async Task<Ok<IReadOnlyList<MergeResponse>>> (int? take, ClaimsPrincipal u, MergesService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(u.ToActor(), take ?? 50, ct)))
            .WithSummary("The merges made, newest first, with what each moved and whether it was undone");
        g.MapPost("/preview", async Task<Ok<MergePreview>> (MergeRequest r, ClaimsPrincipal u, MergesService s, CancellationToken ct) =>
                TypedResults.Ok(await s.PreviewAsync(u.ToActor(), r, ct)))
            .WithSummary("What a merge would keep: both records, the result, and how many deals, contacts, activities, calls, leads, "
                + "files and history entries would move");
        g.MapPost("", async Task<Created<MergeResponse>> (MergeRequest r, ClaimsPrincipal u, MergesService s, CancellationToken ct) =>
            {
                var m = await s.MergeAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/merges/{m.Id}", m);
            })
            .WithSummary("Merges mergeId into keepId in one transaction: fields, deals, activities and history move; audited");
        g.MapPost("/{id:int}/undo", async Task<Ok<MergeResponse>> (int id, ClaimsPrincipal u, MergesService s, CancellationToken ct) =>
                TypedResults.Ok(await s.UndoAsync(u.ToActor(), id, ct)))
            .WithSummary("Undoes a merge: every moved row goes back, the fields as they were (changes made since stay)");
        return api;
    }
}
