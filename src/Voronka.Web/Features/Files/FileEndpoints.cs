using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Voronka.Core.Common;
using Voronka.Core.Features.Files;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Files;

public static class FileEndpoints
{
    /// <summary>The web app's door for downloads (cookie): <c>/files/{id}</c>.</summary>
    public static void MapFileDownloads(this WebApplication app) =>
        app.MapGet("/files/{id:int}", async (int id, HttpContext http, ClaimsPrincipal user, PeopleActor people, FilesService s,
                CancellationToken ct) =>
                Download(http, await s.OpenAsync(await people.ForAsync(user, ct), id, ct)))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme })
            .ExcludeFromDescription();

    public static RouteGroupBuilder MapFileEndpoints(this RouteGroupBuilder api, FileLimits limits)
    {
        var g = api.MapGroup("/files").WithTags("Files");
        g.MapPost("/", async Task<Created<FileResponse>> ([FromForm] FileOwner? ownerType, [FromForm] int? ownerId, IFormFile? file,
                ClaimsPrincipal u, FilesService s, CancellationToken ct) =>
            {
                var v = new Validator();
                v.Check(ownerType is not null, "ownerType", "is required: Deal, Company or Contact.");
                v.Check(ownerId is not null, "ownerId", "is required.");
                v.Check(file is not null, "file", "is required: the file as multipart/form-data.");
                v.ThrowIfInvalid();
                await using var content = file!.OpenReadStream();
                var kept = await s.UploadAsync(u.ToActor(), ownerType!.Value, ownerId!.Value, file.FileName, content, ct);
                return TypedResults.Created($"/api/v1/files/{kept.Id}", kept);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxBytes + 256 * 1024))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxBytes })
            .WithSummary($"Attach a file to a deal, company or contact (PDF, images, office documents, ZIP, text, audio; at most "
                + $"{limits.MaxMegabytes} MB)");
        g.MapGet("/", async Task<Ok<IReadOnlyList<FileResponse>>> (FileOwner? ownerType, int? ownerId, ClaimsPrincipal u, FilesService s,
                CancellationToken ct) =>
            {
                var v = new Validator();
                v.Check(ownerType is not null, "ownerType", "is required: Deal, Company or Contact.");
                v.Check(ownerId is not null, "ownerId", "is required.");
                v.ThrowIfInvalid();
                return TypedResults.Ok(await s.ListAsync(u.ToActor(), ownerType!.Value, ownerId!.Value, ct));
            })
            .WithSummary("The files of a deal, company or contact, newest first");
        g.MapGet("/{id:int}", async (int id, HttpContext http, ClaimsPrincipal u, FilesService s, CancellationToken ct) =>
                Download(http, await s.OpenAsync(u.ToActor(), id, ct)))
            .WithSummary("Download a file: always as an attachment, never shown inline by the browser")
            .Produces(200, contentType: "application/octet-stream");
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, FilesService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(u.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a file: the one who attached it, their senior or the director");
        return api;
    }

    /// <summary>A file handed over as an attachment in a sandbox, its type as found in its content: a browser neither runs nor
    /// guesses it.</summary>
    internal static IResult Download(HttpContext http, FileDownload file)
    {
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        return Results.File(file.Content, file.ContentType, file.FileName, enableRangeProcessing: true);
    }
}
