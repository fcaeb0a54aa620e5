using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Requests;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Requests;

public static class RequestEndpoints
{
    public static RouteGroupBuilder MapRequestEndpoints(this RouteGroupBuilder api)
    {
        var types = api.MapGroup("/request-types").WithTags("Requests");
        types.MapGet("/", async Task<Ok<IReadOnlyList<RequestTypeResponse>>> (ClaimsPrincipal u, RequestTypesService s,
            CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("The request types: form, assistant and deputy, SLA in working hours, escalation ladder, stages that need them");
        types.MapPost("/", async Task<Created<RequestTypeResponse>> (RequestTypeRequest r, ClaimsPrincipal u, RequestTypesService s,
                CancellationToken ct) =>
            {
                var created = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/request-types/{created.Id}", created);
            })
            .WithSummary("Add a request type (the director)");
        types.MapPut("/{id:int}", async Task<Ok<RequestTypeResponse>> (int id, RequestTypeRequest r, ClaimsPrincipal u,
            RequestTypesService s,
                CancellationToken ct) => TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Change a request type (the director)");

        var g = api.MapGroup("/requests").WithTags("Requests");
        g.MapGet("/", async Task<Ok<Page<RequestResponse>>> ([AsParameters] RequestQuery q, ClaimsPrincipal u, RequestsService s,
                CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("Requests the caller sees, the ones to do first (overdue, then by due time) on top");
        g.MapGet("/{id:int}", async Task<Ok<RequestResponse>> (int id, ClaimsPrincipal u, RequestsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<RequestResponse>> (CreateRequestRequest r, ClaimsPrincipal u, RequestsService s,
                CancellationToken ct) =>
            {
                var created = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/requests/{created.Id}", created);
            })
            .WithSummary("Ask the back office for something on a deal: the type's form filled in");
        g.MapPost("/{id:int}/take", async Task<Ok<RequestResponse>> (int id, RequestActionRequest r, ClaimsPrincipal u, RequestsService s,
            CancellationToken ct) => TypedResults.Ok(await s.TakeAsync(u.ToActor(), id, r, ct))).WithSummary("The assistant takes it");
        g.MapPost("/{id:int}/done", async Task<Ok<RequestResponse>> (int id, RequestActionRequest r, ClaimsPrincipal u, RequestsService s,
            CancellationToken ct) => TypedResults.Ok(await s.DoneAsync(u.ToActor(), id, r, ct))).WithSummary("Done, with the result in "
                + "text");
        g.MapPost("/{id:int}/return", async Task<Ok<RequestResponse>> (int id, RequestActionRequest r, ClaimsPrincipal u,
                RequestsService s, CancellationToken ct) => TypedResults.Ok(await s.ReturnAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Send it back to the requester for rework, with the reason in text");
        g.MapPost("/{id:int}/resubmit", async Task<Ok<RequestResponse>> (int id, RequestActionRequest r, ClaimsPrincipal u,
                RequestsService s, CancellationToken ct) => TypedResults.Ok(await s.ResubmitAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Send a returned request again, with its values corrected");
        g.MapPost("/{id:int}/cancel", async Task<Ok<RequestResponse>> (int id, RequestActionRequest r, ClaimsPrincipal u,
            RequestsService s, CancellationToken ct) => TypedResults.Ok(await s.CancelAsync(u.ToActor(), id, r, ct)));
        api.MapGet("/reports/requests", async Task<Ok<RequestReportResponse>> (DateOnly? from, DateOnly? to, ClaimsPrincipal u,
                RequestReport s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(u.ToActor(), from, to, ct)))
            .WithTags("Reports", "Requests")
            .WithSummary("Per request type, for requests made from..to (this month by default): count, done, SLA met share, median "
                + "hours to done, rework share, managers' hours saved");
        return api;
    }
}
