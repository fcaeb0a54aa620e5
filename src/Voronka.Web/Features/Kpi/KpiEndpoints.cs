using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Common;
using Voronka.Core.Features.Kpi;
using Voronka.Core.Features.People;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Kpi;

internal static class KpiEndpoints
{
    public static RouteGroupBuilder MapKpiEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/kpi").WithTags("KPI");
        g.MapGet("/", async Task<Ok<KpiBoardResponse>> ([AsParameters] KpiQuery q, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.BoardAsync(u.ToActor(), q, ct)))
            .WithSummary("The KPI board of a period: people × enabled indicators with plan, fact, % done, pace, forecast and the bonus");
        g.MapGet("/catalog", async Task<Ok<IReadOnlyList<KpiIndicatorResponse>>> (KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.CatalogAsync(ct)));
        g.MapPut("/catalog", async Task<Ok<IReadOnlyList<KpiIndicatorResponse>>> (KpiCatalogRequest r, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetCatalogAsync(u.ToActor(), r, ct)))
            .WithSummary("Switch indicators on or off and order them");
        g.MapGet("/plans", async Task<Ok<IReadOnlyList<KpiPlanResponse>>> (DateOnly? from, DateOnly? to, int? userId, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListPlansAsync(u.ToActor(), from, to, userId, ct)));
        g.MapPut("/plans", async Task<Ok<IReadOnlyList<KpiPlanResponse>>> (KpiPlansRequest r, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetPlansAsync(u.ToActor(), r, ct)))
            .WithSummary("Set plans of a period (an item without a value removes that plan)");
        g.MapPost("/plans/fill", async Task<Ok<IReadOnlyList<KpiPlanResponse>>> (DateOnly? from, DateOnly? to, bool? overwrite, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.FillFromDecompositionAsync(u.ToActor(), from, to, overwrite ?? false, ct)))
            .WithSummary("Fill the period's plans from each seller's goal and decomposition");
        g.MapGet("/bonus-schemes", async Task<Ok<IReadOnlyList<BonusSchemeResponse>>> (ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.BonusSchemesAsync(u.ToActor(), ct)));
        g.MapPut("/bonus-schemes/{role}", async Task<Ok<BonusSchemeResponse>> (string role, BonusSchemeRequest r, ClaimsPrincipal u, KpiService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetBonusSchemeAsync(u.ToActor(), ValidationFailedException.ParseEnum(role, "role", UserRole.Manager), r, ct)));
        return api;
    }
}
