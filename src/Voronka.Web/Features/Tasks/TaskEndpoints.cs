using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Tasks;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Tasks;

internal static class TaskEndpoints
{
    public static RouteGroupBuilder MapTaskEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tasks").WithTags("Tasks");
        g.MapGet("/", async Task<Ok<Page<TaskResponse>>> ([AsParameters] TaskQuery q, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)));
        g.MapGet("/{id:int}", async Task<Ok<TaskResponse>> (int id, ClaimsPrincipal u, TasksService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<TaskResponse>> (TaskRequest r, ClaimsPrincipal u, TasksService s, CancellationToken ct) =>
        {
            var t = await s.CreateAsync(u.ToActor(), r, ct);
            return TypedResults.Created($"/api/v1/tasks/{t.Id}", t);
        });
        g.MapPut("/{id:int}", async Task<Ok<TaskResponse>> (int id, TaskRequest r, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)));
        g.MapPost("/{id:int}/complete", async Task<Ok<TaskResponse>> (int id, CompleteTaskRequest r, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.CompleteAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Complete a task with its result");
        g.MapPost("/{id:int}/cancel", async Task<Ok<TaskResponse>> (int id, CompleteTaskRequest r, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.CancelAsync(u.ToActor(), id, r, ct)));
        g.MapPost("/{id:int}/reopen", async Task<Ok<TaskResponse>> (int id, int? version, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.ReopenAsync(u.ToActor(), id, version, ct)));
        g.MapPost("/bulk", async Task<Ok<BulkTasksResponse>> (BulkTasksRequest r, ClaimsPrincipal u, TasksService s,
            CancellationToken ct) =>
                TypedResults.Ok(await s.BulkAsync(u.ToActor(), r, ct)))
            .WithSummary("Reassign, postpone, complete or cancel many open tasks at once: all of them or none");
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, TasksService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        return api;
    }
}
