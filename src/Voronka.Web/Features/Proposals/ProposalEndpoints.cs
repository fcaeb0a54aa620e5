using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Voronka.Core.Features.Proposals;
using Voronka.Web.Features.Files;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Proposals;

internal static class ProposalEndpoints
{
    /// <summary>The rate limiter's policy of the client's link: openings a minute from one address.</summary>
    public const string LinkPolicy = "proposal-link";

    public static IServiceCollection AddProposalLinks(this IServiceCollection services) => services
        .AddSingleton(new RateLimitNote(LinkPolicy, "At most 60 openings of proposal links a minute are taken from one address."))
        .Configure<RateLimiterOptions>(o => o.AddPolicy(LinkPolicy, http => PublicLimits.PerAddress(http, LinkPolicy, 60)));

    public static RouteGroupBuilder MapProposalEndpoints(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/proposal-templates").WithTags("Proposals");
        templates.MapGet("/", async Task<Ok<IReadOnlyList<ProposalTemplateResponse>>> (ClaimsPrincipal u, ProposalsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.TemplatesAsync(u.ToActor(), ct)))
            .WithSummary("The proposal templates of the arsenal (add one as an arsenal item of kind proposalTemplate with its DOCX)");
        templates.MapGet("/fields", async Task<Ok<IReadOnlyList<string>>> (ProposalsService s, CancellationToken ct) =>
            TypedResults.Ok(await s.FieldsAsync(ct)))
            .WithSummary("The fields a template may hold, written {{name}}; a table row with line.* fields is repeated per product line");
        var deals = api.MapGroup("/deals/{dealId:int}/proposals").WithTags("Proposals");
        deals.MapGet("/", async Task<Ok<IReadOnlyList<ProposalResponse>>> (int dealId, ClaimsPrincipal u, ProposalsService s,
                CancellationToken ct) =>
            TypedResults.Ok(await s.ListAsync(u.ToActor(), dealId, ct)))
            .WithSummary("The deal's proposals: the file, the client's link and when the client opened it");
        deals.MapPost("/", async Task<Created<ProposalResponse>> (int dealId, ProposalRequest r, ClaimsPrincipal u, ProposalsService s,
                CancellationToken ct) =>
            {
                var p = await s.CreateAsync(u.ToActor(), dealId, r, ct);
                return TypedResults.Created($"/api/v1/deals/{dealId}/proposals", p);
            })
            .WithSummary("Make the proposal from a template: attached to the deal, logged as a proposal sent, with the client's link "
                + "(/p/{token}, valid expiresInDays, 30 by default)");
        return api;
    }

    /// <summary>The client's door: <c>/p/{token}</c> shows whose proposal it is and records the opening; <c>/p/{token}/file</c>
    /// hands the document over. An unknown link is 404, an expired one 410.</summary>
    public static void MapProposalLinks(this WebApplication app)
    {
        app.MapGet("/p/{token}", async (string token, HttpRequest request, ProposalsService s, CancellationToken ct) =>
            {
                var shared = await s.FindSharedAsync(token, ct);
                var ru = !request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
                if (shared is null) return Page(ru, ru ? "Ссылка не найдена" : "Link not found",
                    ru ? "Проверьте адрес ссылки." : "Check the address of the link.", null, 404);
                if (shared.Expired) return Page(ru, ru ? "Срок действия ссылки истёк" : "The link has expired",
                    ru ? $"Попросите новую ссылку у менеджера: {shared.ManagerName}."
                        : $"Ask {shared.ManagerName} for a new link.",
                    null, 410);
                await s.RecordOpenAsync(token, request.Headers.UserAgent.ToString(), ct);
                var text = ru
                    ? $"{shared.Organisation}: коммерческое предложение. Менеджер: {shared.ManagerName}"
                        + (shared.ManagerEmail is { } e ? $", {e}" : "") + "."
                    : $"{shared.Organisation}: a commercial proposal. Your manager: {shared.ManagerName}"
                        + (shared.ManagerEmail is { } m ? $", {m}" : "") + ".";
                return Page(ru, shared.Title, text, (ru ? "Скачать " : "Download ") + shared.FileName, 200, $"/p/{token}/file");
            })
            .AllowAnonymous().RequireRateLimiting(LinkPolicy).ExcludeFromDescription();
        app.MapGet("/p/{token}/file", async (string token, HttpContext http, ProposalsService s, CancellationToken ct) =>
                await s.OpenSharedAsync(token, ct) is { } file
                    ? FileEndpoints.Download(http, file)
                    : Results.NotFound())
            .AllowAnonymous().RequireRateLimiting(LinkPolicy).ExcludeFromDescription();
    }

    private static IResult Page(bool ru, string title, string text, string? button, int status, string? href = null)
    {
        var link = href is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(href)}\" style=\"font-size:1.2em\">"
            + $"{WebUtility.HtmlEncode(button)}</a></p>";
        return Results.Content($"<!doctype html><html lang=\"{(ru ? "ru" : "en")}\"><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
            + $"<title>{WebUtility.HtmlEncode(title)}</title><body style=\"font-family:sans-serif;margin:3em;max-width:40em\">"
            + $"<h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>{link}</body></html>",
            "text/html; charset=utf-8", statusCode: status);
    }
}
