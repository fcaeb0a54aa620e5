using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.CustomFields;

namespace Voronka.Core.Features.Import;

/// <summary>Reads what an import checks a file against from the database: one query per kind of record, the records
/// held under external ids, INNs, names, phones and e-mails included.</summary>
internal static class ImportCatalogs
{
    public static async Task<ImportCatalog> LoadAsync(VoronkaDbContext db, DateTime now, CancellationToken ct)
    {
        var org = await db.Organisation.AsNoTracking().FirstOrDefaultAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderBy(p => p.Position).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.Email, u.FullName, u.IsActive, u.RegionId })
            .ToListAsync(ct);
        var people = new Dictionary<string, int>();
        // Full names first, then e-mails, then logins: a login always wins over someone else's name.
        foreach (var u in users.Where(u => u.FullName.Length > 0)) people[u.FullName.Trim().ToLowerInvariant()] = u.Id;
        foreach (var u in users.Where(u => u.Email is not null)) people[u.Email!.ToLowerInvariant()] = u.Id;
        foreach (var u in users.Where(u => u.UserName is not null)) people[u.UserName!.ToLowerInvariant()] = u.Id;
        var fields = await db.CustomFields.AsNoTracking().Where(f => f.IsActive).ToListAsync(ct);
        var companies = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.ExternalId, c.Inn, c.Name }).ToListAsync(ct);
        var contacts = await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.ExternalId, c.Phones, c.Emails, c.CompanyId, c.Name })
            .ToListAsync(ct);
        var byName = new Dictionary<string, int>();
        foreach (var c in companies) byName.TryAdd(c.Name.Trim().ToLowerInvariant(), c.Id);
        var phones = new Dictionary<string, int>();
        var emails = new Dictionary<string, int>();
        foreach (var c in contacts)
        {
            foreach (var p in c.Phones) phones.TryAdd(p, c.Id);
            foreach (var e in c.Emails) emails.TryAdd(e, c.Id);
        }
        return new ImportCatalog(
            zone, now, org?.Currency ?? "RUB",
            pipelines.Select(p => new ImportPipeline(p.Id, p.Name, p.IsDefault,
                p.Stages.OrderBy(s => s.Position).Select(s => new ImportStage(s.Id, s.Name, s.Position, s.Kind)).ToList())).ToList(),
            people,
            await Names(db.LossReasons.Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct)))
        {
            DealsByExternalId = await db.Deals.IgnoreQueryFilters().Where(d => d.ExternalId != null)
                .ToDictionaryAsync(d => d.ExternalId!, d => d.Id, StringComparer.Ordinal, ct),
            Regions = await Names(db.Regions.Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct)),
            Teams = await Names(db.Teams.Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, ct)),
            Products = (await db.Products.AsNoTracking().ToListAsync(ct))
                .GroupBy(p => p.Name.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Select(p => new ImportProduct(p.Id, p.Name,
                    p.ListPriceMinor)).First()),
            CustomFields = fields.GroupBy(f => f.Entity).ToDictionary(g => g.Key,
                g => (IReadOnlyDictionary<string, CustomFieldDefinition>)g.ToDictionary(f => f.Key, StringComparer.Ordinal)),
            ActiveUsers = users.Where(u => u.IsActive).Select(u => u.Id).ToHashSet(),
            OwnerRegions = users.ToDictionary(u => u.Id, u => u.RegionId),
            CompaniesByExternalId = companies.Where(c => c.ExternalId is not null).ToDictionary(c => c.ExternalId!, c => c.Id,
                StringComparer.Ordinal),
            CompaniesByInn = companies.Where(c => c.Inn is not null).ToDictionary(c => c.Inn!, c => c.Id),
            CompaniesByName = byName,
            ContactsByExternalId = contacts.Where(c => c.ExternalId is not null).ToDictionary(c => c.ExternalId!, c => c.Id,
                StringComparer.Ordinal),
            ContactsByPhone = phones,
            ContactsByEmail = emails,
            ContactsByCompanyAndName = contacts.Where(c => c.CompanyId is not null)
                .GroupBy(c => $"{c.CompanyId}{ImportLinks.Made}{c.Name.Trim().ToLowerInvariant()}").ToDictionary(g => g.Key, g => g
                    .First().Id),
            DealsWithoutKey = (await db.Deals.Where(d => d.ExternalId == null).Select(d => d.Id).ToListAsync(ct)).ToHashSet(),
            CompaniesWithoutKey = companies.Where(c => c.ExternalId is null).Select(c => c.Id).ToHashSet(),
            ContactsWithoutKey = contacts.Where(c => c.ExternalId is null).Select(c => c.Id).ToHashSet(),
            ExistingActivities = (await db.Activities.Where(a => a.ExternalId != null).Select(a => a.ExternalId!).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal),
            ExistingTasks = (await db.Tasks.Where(t => t.ExternalId != null).Select(t => t.ExternalId!).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal),
        };
    }

    private static async Task<IReadOnlyDictionary<string, int>> Names(Task<Dictionary<int, string>> rows)
    {
        var result = new Dictionary<string, int>();
        foreach (var (id, name) in await rows) result.TryAdd(name.Trim().ToLowerInvariant(), id);
        return result;
    }
}
