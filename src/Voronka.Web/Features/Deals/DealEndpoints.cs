using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Deals;

internal static class DealEndpoints
{
    /// <summary>The request's <c>custom.&lt;code&gt;</c> filters.</summary>
    public static IReadOnlyDictionary<string, string> CustomFilters(this HttpRequest request) =>
        DealCustomFilter.From(request.Query.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value.ToString())));

    public static RouteGroupBuilder MapDealEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/deals").WithTags("Deals");
        g.MapGet("/", async Task<Ok<DealListResponse>> (
                [AsParameters] DealQuery q, HttpRequest request, ClaimsPrincipal u, DealsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q.WithCustom(request.CustomFilters()), ct)))
            .WithSummary("Deals in your scope: paged, sorted, filtered; the total and the amounts are of all the deals found")
            .WithDescription("Besides the named filters, `custom.<code>=value` keeps the deals whose custom field holds the value "
                + "(as the API writes it; empty: not filled).");
        g.MapGet("/{id:int}", async Task<Ok<DealResponse>> (int id, ClaimsPrincipal u, DealsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<DealResponse>> (CreateDealRequest r, ClaimsPrincipal u, DealsService s, CancellationToken ct) =>
        {
            var deal = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/deals/{deal.Id}", deal);
        }).WithSummary("Create a deal; the stage's required fields must be filled");
        g.MapPut("/{id:int}", async Task<Ok<DealResponse>> (int id, UpdateDealRequest r, ClaimsPrincipal u, DealsService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Replace a deal's fields (send the version you read)");
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, int? version, ClaimsPrincipal u, DealsService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, version, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/{id:int}/move", async Task<Ok<DealResponse>> (int id, MoveDealRequest r, ClaimsPrincipal u, DealsService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.MoveAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Move a deal to a stage, filling the fields it requires");
        g.MapPost("/{id:int}/won", async Task<Ok<DealResponse>> (
                int id, int? version, WinDealRequest? r, ClaimsPrincipal u, DealsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.WinAsync(u.ToActor(), id, (r ?? new WinDealRequest()) with { Version = r?.Version ?? version }, ct)))
            .WithSummary("Close a deal as won; the body (optional) gives the amount it was won for and, with an import token, a past at");
        g.MapPost("/{id:int}/lost", async Task<Ok<DealResponse>> (int id, LoseDealRequest r, ClaimsPrincipal u, DealsService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.LoseAsync(u.ToActor(), id, r, ct)));
        g.MapGet("/{id:int}/timeline", async Task<Ok<TimelinePage>> (int id, DateTime? before, int? take, ClaimsPrincipal u,
                DealTimeline s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, before, take, ct)))
            .WithSummary("The deal's one feed, newest first: activities, tasks, stage moves, field changes and files; "
                + "pass the page's `before` for the next");
        g.MapGet("/{id:int}/history", async Task<Ok<DealHistoryResponse>> (int id, ClaimsPrincipal u, DealsService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.HistoryAsync(u.ToActor(), id, ct)))
            .WithSummary("Stage history and field audit of a deal");
        return api;
    }
}
