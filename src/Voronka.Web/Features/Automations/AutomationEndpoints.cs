using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Automations;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Automations;

public static class AutomationEndpoints
{
    public static RouteGroupBuilder MapAutomationEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/automations").WithTags("Automations");
        g.MapGet("/", async Task<Ok<IReadOnlyList<AutomationResponse>>> (int? pipelineId, int? stageId, ClaimsPrincipal u,
                AutomationsService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u.ToActor(), pipelineId, stageId, ct)))
            .WithSummary("The stage automations, by pipeline and stage order, with how often each ran and failed (the director)");
        g.MapGet("/{id:int}", async Task<Ok<AutomationResponse>> (int id, ClaimsPrincipal u, AutomationsService s, CancellationToken ct) =>
                TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)))
            .WithSummary("One stage automation");
        g.MapPost("/", async Task<Created<AutomationResponse>> (AutomationRequest r, ClaimsPrincipal u, AutomationsService s,
                CancellationToken ct) =>
            {
                var created = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/automations/{created.Id}", created);
            })
            .WithSummary("Add a stage automation: on entering the stage (or after idleDays in it without an activity) create a task, "
                + "notify someone, set a field or move the deal on");
        g.MapPut("/{id:int}", async Task<Ok<AutomationResponse>> (int id, AutomationRequest r, ClaimsPrincipal u, AutomationsService s,
                CancellationToken ct) => TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Change a stage automation (the whole of it; isActive switches it off and on)");
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, AutomationsService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(u.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a stage automation; the tasks and changes it made stay");
        g.MapGet("/runs", async Task<Ok<IReadOnlyList<AutomationRunResponse>>> (int? automationId, bool? failed, int? take,
                ClaimsPrincipal u, AutomationsService s, CancellationToken ct) =>
                TypedResults.Ok(await s.RunsAsync(u.ToActor(), automationId, failed == true, take, ct)))
            .WithSummary("The latest runs: what each automation did on which deal, or why it failed");
        return api;
    }
}
