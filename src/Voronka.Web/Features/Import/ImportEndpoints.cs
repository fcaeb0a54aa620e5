using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Voronka.Core.Common;
using Voronka.Core.Features.Import;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Import;

internal static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/imports").WithTags("Imports");
        g.MapPost("/", async Task<Accepted<ImportBatchResponse>> (
                IFormFile? file, [FromForm] string? mapping, [FromForm] int? preset, ClaimsPrincipal u, ImportService s,
                CancellationToken ct) =>
            {
                if (file is null) throw ValidationFailedException.For("file", "is required: send the file as multipart/form-data.");
                await using var stream = file.OpenReadStream();
                var batch = await s.UploadAsync(u.ToActor(), stream, file.FileName, Mapping(mapping), ct, preset);
                return TypedResults.Accepted($"/api/v1/imports/{batch.Id}", batch);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ImportService.MaxBytes + 1024 * 1024))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = ImportService.MaxBytes })
            .WithSummary("Upload a file (docs/import-format.md) as multipart/form-data: file, and optionally mapping (JSON) or "
                + "preset (the id of a saved mapping, fitted to the file); its dry run starts");
        g.MapGet("/presets", async Task<Ok<IReadOnlyList<ImportPresetResponse>>> (
                ClaimsPrincipal u, ImportPresets s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)))
            .WithSummary("The saved mappings");
        g.MapPost("/presets", async Task<Ok<ImportPresetResponse>> (ImportPresetRequest r, ClaimsPrincipal u, ImportPresets s,
            CancellationToken ct) =>
            TypedResults.Ok(await s.SaveAsync(u.ToActor(), r, ct)))
            .WithSummary("Save a mapping under a name (a name already used is replaced), to read the next file of the kind");
        g.MapDelete("/presets/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, ImportPresets s, CancellationToken ct) =>
        {
            await s.DeleteAsync(u.ToActor(), id, ct);
            return TypedResults.NoContent();
        });
        g.MapGet("/", async Task<Ok<IReadOnlyList<ImportBatchResponse>>> (ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), ct)));
        g.MapGet("/{id:int}", async Task<Ok<ImportBatchResponse>> (int id, ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.GetAsync(u.ToActor(), id, ct)))
            .WithSummary("An import: its status and progress, the mapping, and the dry run's report");
        g.MapGet("/{id:int}/errors", async Task<Ok<ImportProblemsResponse>> (
                int id, int? page, int? pageSize, ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.ProblemsAsync(u.ToActor(), id, page ?? 1, pageSize ?? 100, ct)))
            .WithSummary("The rows the dry run refused: table, row, column, value and reason");
        g.MapGet("/{id:int}/unknowns", async Task<Ok<ImportUnknowns>> (int id, ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.UnknownsAsync(u.ToActor(), id, ct)))
            .WithSummary("The pipelines, stages and people the dry run did not know, from every refused row: what to map");
        g.MapPut("/{id:int}/mapping", async Task<Ok<ImportBatchResponse>> (
                int id, ImportMapping mapping, ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            TypedResults.Ok(await s.SetMappingAsync(u.ToActor(), id, mapping, ct)))
            .WithSummary("Replace the mapping; the dry run runs again");
        g.MapPost("/{id:int}/commit", async Task<Accepted<ImportBatchResponse>> (int id, ClaimsPrincipal u, ImportService s,
            CancellationToken ct) =>
            TypedResults.Accepted($"/api/v1/imports/{id}", await s.CommitAsync(u.ToActor(), id, ct)))
            .WithSummary("Write a checked import without errors, all of it or nothing, in the background");
        g.MapPost("/{id:int}/rollback", async Task<Accepted<ImportBatchResponse>> (int id, ClaimsPrincipal u, ImportService s,
            CancellationToken ct) =>
            TypedResults.Accepted($"/api/v1/imports/{id}", await s.RollbackAsync(u.ToActor(), id, ct)))
            .WithSummary("Remove what a committed import created and restore what it changed");
        g.MapDelete("/{id:int}", async Task<NoContent> (int id, ClaimsPrincipal u, ImportService s, CancellationToken ct) =>
            {
                await s.DiscardAsync(u.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Discard an import that holds nothing (checked, refused, failed or rolled back) with its file and errors");
        api.MapGet("/export", async Task<FileStreamHttpResult> (
                string? format, ClaimsPrincipal u, ExportService s, TimeProvider clock, CancellationToken ct) =>
            {
                var f = ValidationFailedException.ParseEnum(format, "format", ExportFormat.Xlsx);
                var (content, name, type) = await s.WriteAsync(u.ToActor(), f, clock.GetUtcNow().UtcDateTime, ct);
                return TypedResults.File(content, type, name);
            })
            .WithTags("Imports")
            .WithSummary("Everything in the interchange format (docs/import-format.md): format=xlsx (default) or zip (CSV files)");
        return api;
    }

    /// <summary>The export for the web app (cookie): <c>/export/all.xlsx</c> and <c>/export/all.zip</c>.</summary>
    public static void MapFullExport(this WebApplication app)
    {
        foreach (var (path, format) in new[] { ("/export/all.xlsx", ExportFormat.Xlsx), ("/export/all.zip", ExportFormat.Zip) })
            app.MapGet(path, async (ClaimsPrincipal user, ExportService s, PeopleActor people, TimeProvider clock, CancellationToken ct) =>
                {
                    var (content, name, type) = await s.WriteAsync(await people.ForAsync(user, ct), format, clock.GetUtcNow().UtcDateTime,
                        ct);
                    return Results.File(content, type, name);
                })
                .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme })
                .ExcludeFromDescription();
    }

    private static ImportMapping? Mapping(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<ImportMapping>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw ValidationFailedException.For("mapping", "must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw ValidationFailedException.For("mapping", $"is not valid JSON: {e.Message}");
        }
    }
}
