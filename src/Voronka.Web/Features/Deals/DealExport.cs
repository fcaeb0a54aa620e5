using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Voronka.Core.Common;
using Voronka.Core.Features.Deals;
using Voronka.Web.Infrastructure;

namespace Voronka.Web.Features.Deals;

/// <summary>The deal list's current view as an .xlsx file: same filters and sort, same access rules.</summary>
internal static class DealExport
{
    public const int MaxRows = 100_000;

    public static void Map(WebApplication app)
    {
        app.MapGet("/export/deals.xlsx", async ([AsParameters] DealQuery query, string? columns, HttpRequest request, ClaimsPrincipal user,
            DealsService deals, IStringLocalizer texts, PeopleActor people, TimeProvider clock, CancellationToken ct) =>
        {
            query = query.WithCustom(request.CustomFilters());
            var actor = await people.ForAsync(user, ct);
            var rows = new List<DealResponse>();
            for (var page = 1; rows.Count < MaxRows; page++)
            {
                var chunk = await deals.ListAsync(actor, query with { Page = page, PageSize = PageRequest.MaxPageSize }, ct);
                rows.AddRange(chunk.Items);
                if (chunk.Items.Count < PageRequest.MaxPageSize) break;
            }
            var all = Columns(texts);
            var wanted = string.IsNullOrWhiteSpace(columns) ? all : all.Where(c => columns.Split(',').Contains(c.Key)).ToList();
            var bytes = XlsxWriter.Write(texts["Nav.Deals"], wanted.Select(c => c.Title).ToList(), rows.Select(d => wanted.Select(c => c.Value(d)).ToList()));
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"deals-{clock.GetUtcNow():yyyyMMdd-HHmm}.xlsx");
        }).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme }).ExcludeFromDescription();
    }

    public sealed record ExportColumn(string Key, string Title, Func<DealResponse, object?> Value);

    public static List<ExportColumn> Columns(IStringLocalizer texts) =>
    [
        new("id", "ID", d => d.Id),
        new("title", texts["Field.title"], d => d.Title),
        new("company", texts["Field.companyId"], d => d.CompanyName),
        new("contact", texts["Field.contactId"], d => d.ContactName),
        new("stage", texts["Deal.Stage"], d => d.StageName),
        new("owner", texts["Field.ownerId"], d => d.OwnerName),
        new("amount", texts["Field.amount"], d => d.Amount),
        new("currency", texts["Field.currency"], d => d.Currency),
        new("source", texts["Field.source"], d => d.Source),
        new("expectedCloseDate", texts["Field.expectedCloseDate"], d => d.ExpectedCloseDate?.ToString("yyyy-MM-dd")),
        new("createdAt", texts["Field.createdAt"], d => d.CreatedAt.ToString("yyyy-MM-dd HH:mm")),
        new("closedAt", texts["Field.closedAt"], d => d.ClosedAt?.ToString("yyyy-MM-dd HH:mm")),
        new("lossReason", texts["Field.lossReasonId"], d => d.LossReason),
    ];
}
