using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Workload;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Workload;

public static class WorkloadEndpoints
{
    public static RouteGroupBuilder MapWorkloadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workload", async Task<Ok<WorkloadResponse>> (int? teamId, ClaimsPrincipal u, WorkloadService s,
            CancellationToken ct) =>
                TypedResults.Ok(await s.GetAsync(u.ToActor(), teamId, ct)))
            .WithTags("Workload")
            .WithSummary("Each person's load: overdue, today's and upcoming tasks, open deals, deals without a next step, rotting deals "
                + "and leads waiting against their capacity, each with the list it counts (the director: everyone; a senior: the team)");
        return api;
    }
}
