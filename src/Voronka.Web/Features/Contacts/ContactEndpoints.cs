using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Contacts;

internal static class ContactEndpoints
{
    public static RouteGroupBuilder MapContactEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/contacts").WithTags("Contacts");
        g.MapGet("/", async Task<Ok<Page<ContactResponse>>> ([AsParameters] ContactQuery q, ClaimsPrincipal u, ContactsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)));
        g.MapGet("/{id:int}", async Task<Ok<ContactResponse>> (int id, ClaimsPrincipal u, ContactsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapGet("/{id:int}/history", async Task<Ok<IReadOnlyList<AuditEntryResponse>>> (int id, ClaimsPrincipal u, AuditService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ContactAsync(u.ToActor(), id, ct)))
            .WithSummary("Who changed which field of the contact, and when");
        g.MapPost("/", async Task<Created<ContactResponse>> (ContactRequest r, ClaimsPrincipal u, ContactsService s, CancellationToken ct) =>
        {
            var c = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/contacts/{c.Id}", c);
        });
        g.MapPut("/{id:int}", async Task<Ok<ContactResponse>> (int id, ContactRequest r, ClaimsPrincipal u, ContactsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, ContactsService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
