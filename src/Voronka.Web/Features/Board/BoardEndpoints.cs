using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Deals;
using Voronka.Web.Features.Deals;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Board;

internal static class BoardEndpoints
{
    public static RouteGroupBuilder MapBoardEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/board").WithTags("Board");
        g.MapGet("/{pipelineId:int}", async Task<Ok<BoardResponse>> ([AsParameters] DealQuery q, int pipelineId, int? cards,
                HttpRequest request, ClaimsPrincipal u, BoardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.BoardAsync(u.ToActor(), pipelineId, q.WithCustom(request.CustomFilters()), cards ?? 20, ct)))
            .WithSummary("A pipeline's board in your scope: each stage's count and amount of the deals found and its first cards "
                + "(`cards`, 1–100, 20 unless given); the deal list's filters apply");
        g.MapGet("/stages/{stageId:int}/cards", async Task<Ok<IReadOnlyList<DealCardResponse>>> ([AsParameters] DealQuery q,
                int stageId, int? skip, int? take, HttpRequest request, ClaimsPrincipal u, BoardService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ColumnAsync(u.ToActor(), stageId, q.WithCustom(request.CustomFilters()), skip ?? 0, take ?? 20, ct)))
            .WithSummary("One column of the board: the cards of a stage after the first `skip` (`take`, 1–200, 20 unless given), "
                + "in the board's order — open stages the longest waiting first, closed ones the latest closed first");
        return api;
    }
}
