using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Plans;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Plans;

internal static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        var goals = api.MapGroup("/goals").WithTags("Goals");
        goals.MapGet("/", async Task<Ok<IReadOnlyList<GoalResponse>>> ([AsParameters] GoalQuery q, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("Goals whose period overlaps from–to (this year by default), with progress and how their splits add up");
        goals.MapGet("/{id:int}", async Task<Ok<GoalResponse>> (int id, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        goals.MapPost("/", async Task<Created<GoalResponse>> (GoalRequest r, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
        {
            var g = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/goals/{g.Id}", g);
        }).WithSummary("Set a goal with no parent (the organisation's year or month, say)");
        goals.MapPut("/{id:int}", async Task<Ok<GoalResponse>> (int id, GoalUpdateRequest r, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        goals.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete a goal with everything split from it");
        goals.MapGet("/{id:int}/splits/{split}/proposal", async Task<Ok<SplitProposalResponse>> (int id, string split, string? method,
                decimal? step, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ProposeAsync(u.ToActor(), id, ValidationFailedException.ParseEnum(split, "split", GoalSplit.Managers),
                ValidationFailedException.ParseEnum(method, "method", SplitMethod.Equal), step, ct)))
            .WithSummary("Propose the children of a split (equal, pastShare, workingDays, seasonality), each rounded to step "
                + "(e.g. 1000; to the kopeck without it) with the largest taking the difference; they add up exactly to the goal. "
                + "Nothing is saved");
        goals.MapPut("/{id:int}/splits/{split}", async Task<Ok<GoalResponse>> (int id, string split, SplitRequest r, ClaimsPrincipal u, GoalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetSplitAsync(u.ToActor(), id, ValidationFailedException.ParseEnum(split, "split", GoalSplit.Managers), r, ct)))
            .WithSummary("Save the children of a split (replaces that split's children in one transaction)");

        var plans = api.MapGroup("/plans").WithTags("Plans");
        plans.MapGet("/decomposition", async Task<Ok<DecompositionResponse>> ([AsParameters] DecompositionQuery q, ClaimsPrincipal u, PlansService s, CancellationToken ct) =>
            TypedResults.Ok(await s.DecompositionAsync(u.ToActor(), q, ct)))
            .WithSummary("What the goal of a manager (team, region, product, organisation) takes from today: won deals, deals per stage, activities, per working day, with every rate and its sample");
        plans.MapGet("/average-deal", async Task<Ok<AverageDealReport>> ([AsParameters] AverageDealQuery q, ClaimsPrincipal u, PlansService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AverageDealAsync(u.ToActor(), q, ct)))
            .WithSummary("Average won deal by manager, team, region, product, company, month or quarter");
        return api;
    }
}
