using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;

namespace Voronka.Core.Features.Proposals;

/// <summary>The fields a proposal template may hold, and their values for a deal: as people read them in the language of
/// the document — money with thousands apart and kopecks only where there are any, dates as 27.11.2026.</summary>
public static class ProposalFields
{
    public static readonly IReadOnlyList<string> Names =
    [
        "deal.title", "deal.number", "deal.amount", "deal.currency", "deal.stage", "deal.expectedCloseDate", "deal.source",
        "company.name", "company.inn", "company.address", "company.phone", "company.email", "company.website",
        "contact.name", "contact.position", "contact.phone", "contact.email",
        "manager.name", "manager.email", "manager.phone",
        "organisation.name", "today", "validUntil",
        "lines.count", "lines.subtotal", "lines.discount", "lines.total",
    ];

    public static readonly IReadOnlyList<string> LineNames =
        ["line.number", "line.product", "line.category", "line.quantity", "line.price", "line.discount", "line.total"];

    public const string CustomPrefix = "deal.custom.";

    /// <summary>Whether a template may hold the field: a known name, or a custom field of deals by its key.</summary>
    public static bool IsKnown(string name, IReadOnlyCollection<string> customKeys) =>
        Names.Contains(name) || LineNames.Contains(name)
        || (name.StartsWith(CustomPrefix, StringComparison.Ordinal) && customKeys.Contains(name[CustomPrefix.Length..]));

    public static async Task<List<string>> CustomKeysAsync(VoronkaDbContext db, CancellationToken ct) =>
        await db.CustomFields.Where(f => f.Entity == CustomFieldEntity.Deal).Select(f => f.Key).ToListAsync(ct);

    /// <summary>The values for a deal the caller may see, formatted in <paramref name="culture"/>.</summary>
    internal static async Task<ProposalData> ForDealAsync(VoronkaDbContext db, int dealId, DateTime now, DateTime validUntil,
        CultureInfo culture, CancellationToken ct)
    {
        var zone = await OrgTime.ZoneAsync(db, ct);
        var deal = await db.Deals.Include(d => d.Lines).FirstAsync(d => d.Id == dealId, ct);
        var company = deal.CompanyId is int cid ? await db.Companies.FirstOrDefaultAsync(c => c.Id == cid, ct) : null;
        var contact = deal.ContactId is int pid ? await db.Contacts.FirstOrDefaultAsync(c => c.Id == pid, ct) : null;
        var manager = await db.Users.FirstAsync(u => u.Id == deal.OwnerId, ct);
        var stage = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Name).FirstAsync(ct);
        var organisation = await db.Organisation.Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var productIds = deal.Lines.Select(l => l.ProductId).ToList();
        var products = await db.Products.Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        string Date(DateOnly d) => d.ToString("d", culture);
        var subtotal = deal.Lines.Sum(l => (long)decimal.Round(l.Quantity * l.PriceMinor, 0, MidpointRounding.AwayFromZero));
        var total = deal.Lines.Sum(l => l.TotalMinor);
        var fields = new Dictionary<string, string>
        {
            ["deal.title"] = deal.Title, ["deal.number"] = deal.Id.ToString(culture), ["deal.amount"] = MoneyText(deal.AmountMinor,
                culture),
            ["deal.currency"] = deal.Currency, ["deal.stage"] = stage, ["deal.source"] = deal.Source ?? "",
            ["deal.expectedCloseDate"] = deal.ExpectedCloseDate is DateOnly close ? Date(close) : "",
            ["company.name"] = company?.Name ?? "", ["company.inn"] = company?.Inn ?? "", ["company.address"] = company?.Address ?? "",
            ["company.phone"] = company?.Phone is string phone ? ContactNormalizer.Readable(phone) : "",
            ["company.email"] = company?.Email ?? "", ["company.website"] = company?.Website ?? "",
            ["contact.name"] = contact?.Name ?? "", ["contact.position"] = contact?.Position ?? "",
            ["contact.phone"] = contact?.Phones.FirstOrDefault() is string cp ? ContactNormalizer.Readable(cp) : "",
            ["contact.email"] = contact?.Emails.FirstOrDefault() ?? "",
            ["manager.name"] = manager.FullName, ["manager.email"] = manager.Email ?? "",
            ["manager.phone"] = manager.PhoneNumber is string mp ? ContactNormalizer.Readable(mp) : "",
            ["organisation.name"] = organisation,
            ["today"] = Date(OrgTime.Today(now, zone)), ["validUntil"] = Date(OrgTime.Today(validUntil, zone)),
            ["lines.count"] = deal.Lines.Count.ToString(culture), ["lines.subtotal"] = MoneyText(subtotal, culture),
            ["lines.discount"] = MoneyText(subtotal - total, culture), ["lines.total"] = MoneyText(total, culture),
        };
        foreach (var (key, value) in deal.CustomFields) fields[CustomPrefix + key] = value;
        var lines = deal.Lines.OrderBy(l => l.Id).Select((l, i) => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["line.number"] = (i + 1).ToString(culture),
            ["line.product"] = products.TryGetValue(l.ProductId, out var p) ? p.Name : "",
            ["line.category"] = products.TryGetValue(l.ProductId, out var pc) ? pc.Category ?? "" : "",
            ["line.quantity"] = l.Quantity.ToString("0.###", culture),
            ["line.price"] = MoneyText(l.PriceMinor, culture),
            ["line.discount"] = l.DiscountPercent == 0 ? "" : l.DiscountPercent.ToString("0.##", culture) + " %",
            ["line.total"] = MoneyText(l.TotalMinor, culture),
        }).ToList();
        return new ProposalData(fields, lines);
    }

    /// <summary>An amount in minor units as people read it: 1 250 000 or 1 250 000,50.</summary>
    public static string MoneyText(long minor, CultureInfo culture) =>
        Money.FromMinor(minor).ToString(minor % 100 == 0 ? "N0" : "N2", culture);
}
