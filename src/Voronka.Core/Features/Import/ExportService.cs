using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.Tasks;

namespace Voronka.Core.Features.Import;

/// <summary>The containers the export writes.</summary>
public enum ExportFormat
{
    /// <summary>One workbook, a sheet per table.</summary>
    Xlsx,
    /// <summary>A ZIP of CSV files in UTF-8 with <c>;</c>.</summary>
    Zip,
}

/// <summary>
/// Writes the whole organisation in the interchange format (docs/import-format.md), which the import reads back: every
/// table, linked by natural keys; a record without an external id is written with <c>voronka-&lt;kind&gt;-&lt;id&gt;</c>.
/// Rows are streamed from the database into a temporary file, never held all at once. Director only.
/// </summary>
public sealed class ExportService(IDbContextFactory<VoronkaDbContext> factory)
{
    /// <summary>The export as a temporary file, deleted when the stream is closed, and its suggested name.</summary>
    public async Task<(Stream Content, string FileName, string ContentType)> WriteAsync(Actor actor, ExportFormat format, DateTime now,
        CancellationToken ct)
    {
        actor.RequireDirector();
        var path = Path.Combine(Path.GetTempPath(), $"voronka-export-{Guid.NewGuid():N}");
        await Task.Run(async () =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var zone = await OrgTime.ZoneAsync(db, ct);
            var tables = new ExportTables(db, zone);
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            if (format == ExportFormat.Xlsx) file.SaveAs(tables.Sheets(), excelType: ExcelType.XLSX);
            else
            {
                using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true);
                foreach (var (name, rows) in tables.Sheets())
                {
                    await using var entry = zip.CreateEntry($"{name}.csv").Open();
                    entry.SaveAs(rows, excelType: ExcelType.CSV, configuration: new CsvConfiguration { Seperator = ';' });
                }
            }
        }, ct);
        var stamp = OrgTime.Today(now, TimeZoneInfo.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        return format == ExportFormat.Xlsx
            ? (stream, $"voronka-{stamp}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            : (stream, $"voronka-{stamp}.zip", "application/zip");
    }
}

/// <summary>The tables of the export as MiniExcel reads them: a sheet name → its rows, each row the format's columns in
/// order. A table with no rows is written with its header.</summary>
internal sealed class ExportTables(VoronkaDbContext db, TimeZoneInfo zone)
{
    public Dictionary<string, object> Sheets()
    {
        var users = db.Users.AsNoTracking().ToDictionary(u => u.Id, u => u.UserName!);
        var teams = db.Teams.AsNoTracking().ToDictionary(t => t.Id, t => t.Name);
        var regions = db.Regions.AsNoTracking().ToDictionary(r => r.Id, r => r.Name);
        var reasons = db.LossReasons.AsNoTracking().ToDictionary(r => r.Id, r => r.Name);
        var products = db.Products.AsNoTracking().ToDictionary(p => p.Id, p => p.Name);
        var stages = db.Stages.AsNoTracking().ToDictionary(s => s.Id, s => (s.Name, s.PipelineId, s.Kind));
        var pipelines = db.Pipelines.AsNoTracking().ToDictionary(p => p.Id, p => p.Name);
        var fields = db.CustomFields.AsNoTracking().OrderBy(f => f.Position).ToList();
        string[] Custom(CustomFieldEntity e) => fields.Where(f => f.Entity == e).Select(f => "custom." + f.Key).ToArray();
        string? Name<T>(Dictionary<int, T> map, int? id) where T : notnull => id is int i && map.TryGetValue(i, out var v) ? v.ToString()
            : null;
        string? User(int? id) => Name(users, id);

        var sheets = new Dictionary<string, object>
        {
            ["users"] = Table("users", db.Users.AsNoTracking().OrderBy(u => u.Id).AsEnumerable().Select(u => Row(
                u.UserName, u.FullName, u.Email, u.Role.ToString().ToLowerInvariant(), Name(teams, u.TeamId), Name(regions, u.RegionId),
                    u.IsActive))),
            ["teams"] = Table("teams", db.Teams.AsNoTracking().OrderBy(t => t.Id).AsEnumerable().Select(t => Row(t.Name,
                User(t.LeaderId)))),
            ["regions"] = Table("regions", db.Regions.AsNoTracking().OrderBy(r => r.Id).AsEnumerable().Select(r => Row(r.Name))),
            ["products"] = Table("products", db.Products.AsNoTracking().OrderBy(p => p.Id).AsEnumerable().Select(p => Row(
                p.Name, p.Category, Money.FromMinor(p.ListPriceMinor), p.Currency, !p.IsArchived))),
            ["loss_reasons"] = Table("loss_reasons", db.LossReasons.AsNoTracking().OrderBy(r => r.Position).AsEnumerable().Select(r =>
                Row(r.Name, r.IsActive))),
        };
        var companyFields = Custom(CustomFieldEntity.Company);
        sheets["companies"] = Table("companies", db.Companies.AsNoTracking().OrderBy(c => c.Id).AsEnumerable().Select(c => Row(
            [c.ExternalId ?? $"voronka-company-{c.Id}", c.Name, c.Inn, c.Industry, Name(regions, c.RegionId), User(c.OwnerId), c.Phone,
                c.Email,
             c.Website, c.Address, .. CustomValues(companyFields, c.CustomFields)])), companyFields);
        var contactFields = Custom(CustomFieldEntity.Contact);
        sheets["contacts"] = Table("contacts", db.Contacts.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.ExternalId, c.Name, c.Position, c.Phones, c.Emails, c.OwnerId, c.CustomFields,
                Company = db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.ExternalId ?? "voronka-company-" + x.Id.ToString())
                    .FirstOrDefault() })
            .AsEnumerable().Select(c => Row(
                [c.ExternalId ?? $"voronka-contact-{c.Id}", c.Company, c.Name, c.Position, string.Join(';', c.Phones), string.Join(';',
                    c.Emails),
                 User(c.OwnerId), .. CustomValues(contactFields, c.CustomFields)])), contactFields);
        var dealFields = Custom(CustomFieldEntity.Deal);
        sheets["deals"] = Table("deals", db.Deals.AsNoTracking().OrderBy(d => d.Id)
            .Select(d => new
            {
                d.Id, d.ExternalId, d.Title, d.PipelineId, d.StageId, d.OwnerId, d.AmountMinor, d.AmountIsManual, d.Currency, d.Source,
                    d.RegionId,
                d.CreatedAt, d.ExpectedCloseDate, d.ClosedAt, d.LossReasonId, d.LossComment, d.CustomFields, Lines = d.Lines.Count,
                Company = db.Companies.Where(x => x.Id == d.CompanyId).Select(x => x.ExternalId ?? "voronka-company-" + x.Id.ToString())
                    .FirstOrDefault(),
                Contact = db.Contacts.Where(x => x.Id == d.ContactId).Select(x => x.ExternalId ?? "voronka-contact-" + x.Id.ToString())
                    .FirstOrDefault(),
            })
            .AsEnumerable().Select(d => Row(
                [d.ExternalId ?? $"voronka-deal-{d.Id}", d.Title, pipelines[d.PipelineId], stages[d.StageId].Name, User(d.OwnerId),
                    d.Company, d.Contact,
                 d.AmountIsManual || d.Lines == 0 ? Money.FromMinor(d.AmountMinor) : null, d.Currency, d.Source, Name(regions, d.RegionId),
                 Moment(d.CreatedAt), Date(d.ExpectedCloseDate), Moment(d.ClosedAt), stages[d.StageId].Kind.ToString().ToLowerInvariant(),
                 Name(reasons, d.LossReasonId), d.LossComment, .. CustomValues(dealFields, d.CustomFields)])), dealFields);
        sheets["deal_lines"] = Table("deal_lines", db.DealLines.AsNoTracking().Where(l => db.Deals.Any(d => d.Id == l.DealId)).OrderBy(l =>
            l.Id)
            .Select(l => new { l.ProductId, l.Quantity, l.PriceMinor, l.DiscountPercent,
                Deal = db.Deals.Where(d => d.Id == l.DealId).Select(d => d.ExternalId ?? "voronka-deal-" + d.Id.ToString()).First() })
            .AsEnumerable().Select(l => Row(l.Deal, products[l.ProductId], l.Quantity, Money.FromMinor(l.PriceMinor), l.DiscountPercent)));
        sheets["stage_history"] = Table("stage_history", db.DealStageChanges.AsNoTracking().Where(c => db.Deals.Any(d => d.Id == c.DealId))
            .OrderBy(c => c.DealId).ThenBy(c => c.ChangedAt).ThenBy(c => c.Id)
            .Select(c => new { c.ToStageId, c.ChangedAt, c.ChangedById,
                Deal = db.Deals.Where(d => d.Id == c.DealId).Select(d => d.ExternalId ?? "voronka-deal-" + d.Id.ToString()).First() })
            .AsEnumerable().Select(c => Row(c.Deal, stages[c.ToStageId].Name, Moment(c.ChangedAt), User(c.ChangedById))));
        sheets["activities"] = Table("activities", db.Activities.AsNoTracking().Where(a => a.DealId == null || db.Deals.Any(d =>
            d.Id == a.DealId))
            .OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id, a.ExternalId, a.Type, a.OccurredAt, a.UserId, a.DurationSeconds, a.Direction, a.CallResult, a.Subject, a.Notes,
                Deal = db.Deals.Where(d => d.Id == a.DealId).Select(d => d.ExternalId ?? "voronka-deal-" + d.Id.ToString())
                    .FirstOrDefault(),
                Company = db.Companies.Where(x => x.Id == a.CompanyId).Select(x => x.ExternalId ?? "voronka-company-" + x.Id.ToString())
                    .FirstOrDefault(),
                Contact = db.Contacts.Where(x => x.Id == a.ContactId).Select(x => x.ExternalId ?? "voronka-contact-" + x.Id.ToString())
                    .FirstOrDefault(),
            })
            .AsEnumerable().Select(a => Row(
                a.ExternalId ?? $"voronka-activity-{a.Id}", a.Deal, a.Company, a.Contact, a.Type.ToString().ToLowerInvariant(),
                    Moment(a.OccurredAt),
                User(a.UserId), a.DurationSeconds, a.Direction switch { CallDirection.Incoming => "in", CallDirection.Outgoing => "out",
                    _ => null },
                a.CallResult is CallResult r ? Snake(r.ToString()) : null, a.Notes ?? a.Subject)));
        sheets["tasks"] = Table("tasks", db.Tasks.AsNoTracking().Where(t => db.Deals.Any(d => d.Id == t.DealId)
            && t.Status != DealTaskStatus.Cancelled)
            .OrderBy(t => t.Id)
            .Select(t => new { t.Id, t.ExternalId, t.AssigneeId, t.Title, t.Kind, t.DueAt, t.CompletedAt, t.Result,
                Deal = db.Deals.Where(d => d.Id == t.DealId).Select(d => d.ExternalId ?? "voronka-deal-" + d.Id.ToString()).First() })
            .AsEnumerable().Select(t => Row(
                t.ExternalId ?? $"voronka-task-{t.Id}", t.Deal, User(t.AssigneeId), t.Title, Snake(t.Kind.ToString()), Moment(t.DueAt),
                Moment(t.CompletedAt), t.Result)));
        return sheets;
    }

    private static object?[] Row(params object?[] values) => values;

    /// <summary>A table's rows as MiniExcel writes them: dictionaries by column name, the header written even for none.</summary>
    private static IEnumerable<IDictionary<string, object?>> Table(string name, IEnumerable<object?[]> rows, string[]? custom = null)
    {
        string[] columns = [.. ImportColumns.Tables[name], .. custom ?? []];
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            var d = new Dictionary<string, object?>(columns.Length);
            for (var i = 0; i < columns.Length; i++) d[columns[i]] = i < row.Length ? Cell(row[i]) : null;
            yield return d;
        }
        if (!any) yield return columns.ToDictionary(c => c, _ => (object?)null);
    }

    private static object? Cell(object? v) => v switch
    {
        bool b => b ? "true" : "false",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int n => n.ToString(CultureInfo.InvariantCulture),
        _ => v,
    };

    private static IEnumerable<object?> CustomValues(string[] columns, Dictionary<string, string> values) =>
        columns.Select(c => (object?)values.GetValueOrDefault(c[7..]));

    private string? Moment(DateTime? utc)
    {
        if (utc is not DateTime u) return null;
        var offset = zone.GetUtcOffset(u);
        return new DateTimeOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)).ToOffset(offset)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture).Replace(".+", "+").Replace(".-", "-");
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch)
            .ToString()));
}
