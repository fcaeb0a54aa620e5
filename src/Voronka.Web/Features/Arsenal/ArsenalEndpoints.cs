using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Voronka.Core.Common;
using Voronka.Core.Features.Arsenal;
using Voronka.Core.Features.Files;
using Voronka.Web.Features.Files;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Arsenal;

internal static class ArsenalEndpoints
{
    /// <summary>The web app's door for an item's file (cookie): <c>/arsenal-files/{id}</c>, a version's with <c>?version=</c>.</summary>
    public static void MapArsenalDownloads(this WebApplication app) =>
        app.MapGet("/arsenal-files/{id:int}", async (int id, int? version, HttpContext http, ClaimsPrincipal user, PeopleActor people,
                ArsenalService s, CancellationToken ct) =>
                FileEndpoints.Download(http, await s.OpenFileAsync(await people.ForAsync(user, ct), id, version, ct)))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme })
            .ExcludeFromDescription();

    public static RouteGroupBuilder MapArsenalEndpoints(this RouteGroupBuilder api, FileLimits limits)
    {
        var g = api.MapGroup("/arsenal").WithTags("Arsenal");
        g.MapGet("/", async Task<Ok<IReadOnlyList<ArsenalListItem>>> ([AsParameters] ArsenalQuery q, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), q, ct)))
            .WithSummary("Search the arsenal: text, kind, stage, product, objection, owner; stale (past verification) or unused items");
        g.MapGet("/usage", async Task<Ok<UsageReport>> (DateOnly? from, DateOnly? to, ClaimsPrincipal u, ArsenalUses s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ReportAsync(u.ToActor(), from, to, ct)))
            .WithSummary("Use of the arsenal in a period (90 days by default): opened, copied, sent, opened by the client, per item and "
                + "person, and the share of the period's won and lost deals each item was used on");
        g.MapGet("/{id:int}", async Task<Ok<ArsenalItemResponse>> (int id, ClaimsPrincipal u, ArsenalService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)))
            .WithSummary("An item: its Markdown text and the same as safe HTML, links, owner and verification");
        g.MapPost("/", async Task<Created<ArsenalItemResponse>> (ArsenalRequest r, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            {
                var item = await s.CreateAsync(u.ToActor(), r, ct);
                return TypedResults.Created($"/api/v1/arsenal/{item.Id}", item);
            })
            .WithSummary("Add an item (the director, a senior): script, video, technique, proposalTemplate, bestCall or document");
        g.MapPut("/{id:int}", async Task<Ok<ArsenalItemResponse>> (int id, ArsenalRequest r, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.UpdateAsync(u.ToActor(), id, r, ct)))
            .WithSummary("Change an item (with the version read); a change of its content keeps the old one as a version");
        g.MapPut("/{id:int}/file", async Task<Ok<ArsenalItemResponse>> (int id, IFormFile? file, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            {
                if (file is null) throw ValidationFailedException.For("file", "is required: the file as multipart/form-data.");
                await using var content = file.OpenReadStream();
                return TypedResults.Ok(await s.UploadAsync(u.ToActor(), id, file.FileName, content, ct));
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxBytes + 256 * 1024))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxBytes })
            .WithSummary($"Attach the item's file as its new version: a DOCX for a proposal template, an MP4 for a video (at most "
                + $"{limits.MaxMegabytes} MB)");
        g.MapGet("/{id:int}/file", async (int id, int? version, HttpContext http, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
                FileEndpoints.Download(http, await s.OpenFileAsync(u.ToActor(), id, version, ct)))
            .WithSummary("Download the item's file, or a version's (version=N)")
            .Produces(200, contentType: "application/octet-stream");
        g.MapGet("/{id:int}/versions", async Task<Ok<IReadOnlyList<ArsenalVersionResponse>>> (int id, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.VersionsAsync(u.ToActor(), id, ct)))
            .WithSummary("The item's versions, newest first: who changed it, when, and what it said");
        g.MapPost("/{id:int}/verify", async Task<Ok<ArsenalItemResponse>> (int id, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.VerifyAsync(u.ToActor(), id, ct)))
            .WithSummary("The owner (or the director) confirms the item is still right: due again in its number of days");
        g.MapPost("/{id:int}/archive", async Task<Ok<ArsenalItemResponse>> (int id, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ArchiveAsync(u.ToActor(), id, true, ct)))
            .WithSummary("Take the item out of the arsenal (kept with its uses)");
        g.MapPost("/{id:int}/restore", async Task<Ok<ArsenalItemResponse>> (int id, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ArchiveAsync(u.ToActor(), id, false, ct)))
            .WithSummary("Put an archived item back");
        g.MapPost("/{id:int}/uses", async Task<NoContent> (int id, ArsenalUseRequest r, ClaimsPrincipal u, ArsenalUses s,
                CancellationToken ct) =>
            {
                await s.RecordAsync(u.ToActor(), id, r, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Record a use of the item: opened, copied or sent, on a deal or not");
        api.MapGet("/deals/{id:int}/arsenal", async Task<Ok<IReadOnlyList<ArsenalListItem>>> (int id, ClaimsPrincipal u, ArsenalService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ForDealAsync(u.ToActor(), id, ct)))
            .WithTags("Arsenal")
            .WithSummary("The arsenal for a deal: the items of its stage and of the products among its lines");
        return api;
    }
}
