using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Voronka.Core.Features.Objections;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Objections;

internal static class ObjectionEndpoints
{
    public static RouteGroupBuilder MapObjectionEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/objections").WithTags("Objections");
        g.MapGet("/", async Task<Ok<IReadOnlyList<ObjectionResponse>>> ([AsParameters] ObjectionQuery q, ClaimsPrincipal u,
                ObjectionsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("The library of typical client questions and objections, with the approved answers and their variants");
        g.MapGet("/{id:int}", async Task<Ok<ObjectionResponse>> (int id, ClaimsPrincipal u, ObjectionsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)));
        g.MapPost("/", async Task<Created<ObjectionResponse>> (ObjectionRequest r, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            {
                var o = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/objections/{o.Id}", o);
            })
            .WithSummary("Add a question or an objection with its approved answer and variants (the director, a senior)");
        g.MapPut("/{id:int}", async Task<Ok<ObjectionResponse>> (int id, ObjectionRequest r, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Change it (with the version read): a variant with an id is changed, without one added, left out archived");
        g.MapPost("/{id:int}/archive", async Task<Ok<ObjectionResponse>> (int id, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ArchiveAsync(u.ToActor(), id, true, ct)));
        g.MapPost("/{id:int}/restore", async Task<Ok<ObjectionResponse>> (int id, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ArchiveAsync(u.ToActor(), id, false, ct)));
        g.MapPost("/starter-set", async Task<Ok<IReadOnlyList<ObjectionResponse>>> (string? language, ClaimsPrincipal u,
                ObjectionsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.AddStarterSetAsync(u.ToActor(), language, ct)))
            .WithSummary("Add the starter set of typical B2B questions (language=ru or en); those already in the library are skipped");
        g.MapGet("/frequency", async Task<Ok<FrequencyResponse>> (DateOnly? from, DateOnly? to, int? managerId, ClaimsPrincipal u,
                ObjectionStats s, CancellationToken ct) =>
            TypedResults.Ok(await s.FrequencyAsync(u.ToActor(), from, to, managerId, ct)))
            .WithSummary("How often each was heard on the calls and meetings you see: per week, manager and stage");
        g.MapGet("/effect", async Task<Ok<ObjectionEffectResponse>> (DateOnly? from, DateOnly? to, int? days, int? objectionId,
                ClaimsPrincipal u, ObjectionStats s, CancellationToken ct) =>
            TypedResults.Ok(await s.EffectAsync(u.ToActor(), from, to, days, objectionId, ct)))
            .WithSummary("Per answer given: of the calls, the share whose deal moved to a later stage within the days (14 by default)");
        g.MapGet("/of-week", async Task<Results<Ok<ObjectionOfWeek>, NoContent>> (DateOnly? week, ClaimsPrincipal u, ObjectionStats s,
                TimeProvider clock, CancellationToken ct) =>
            {
                var day = week ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var top = await s.OfWeekAsync(u.ToActor(), ObjectionStats.WeekOf(day), null, ct);
                return top is null ? TypedResults.NoContent() : TypedResults.Ok(top);
            })
            .WithSummary("The objection heard most in the week of a day (this week by default); 204 when none was tagged");

        var tags = api.MapGroup("/activities/{activityId:long}/objections").WithTags("Objections");
        tags.MapGet("/", async Task<Ok<IReadOnlyList<TagResponse>>> (long activityId, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.TagsAsync(u.ToActor(), activityId, ct)))
            .WithSummary("The objections tagged on a call or meeting");
        tags.MapPost("/", async Task<Ok<TagResponse>> (long activityId, TagRequest r, ClaimsPrincipal u, ObjectionsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.TagAsync(u.ToActor(), activityId, r, ct)))
            .WithSummary("Tag the objection heard and the answer given (the approved one, a variant, or none: answered=false)");
        tags.MapDelete("/{objectionId:int}", async Task<NoContent> (long activityId, int objectionId, ClaimsPrincipal u,
                ObjectionsService s, CancellationToken ct) =>
            {
                await s.UntagAsync(u.ToActor(), activityId, objectionId, ct);
                return TypedResults.NoContent();
            });
        return api;
    }
}
