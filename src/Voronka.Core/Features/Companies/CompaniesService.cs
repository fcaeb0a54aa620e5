using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Companies;

/// <summary>A company to create, or the fields that replace a company's on an update (the owner and the custom fields
/// left out keep theirs). <see cref="ExternalId"/> is the company's key in the system it came from (at most 100
/// characters, trimmed; empty is none): unique among companies, found by the list's <c>externalId</c> filter, and
/// replaced on an update like the other fields, so one left out is cleared.</summary>
public sealed record CompanyRequest(
    string? Name,
    string? Inn = null,
    string? Industry = null,
    int? RegionId = null,
    int? OwnerId = null,
    string? Phone = null,
    string? Email = null,
    string? Website = null,
    string? Address = null,
    Dictionary<string, JsonElement>? CustomFields = null,
    int? Version = null,
    string? ExternalId = null);

/// <summary>A company as the API shows it; <see cref="ExternalId"/> is its key in the system it came from, or null.</summary>
public sealed record CompanyResponse(
    int Id, string Name, string? Inn, string? ExternalId, string? Industry, int? RegionId, int OwnerId, string OwnerName, string? Phone,
    string? Email, string? Website, string? Address, IReadOnlyDictionary<string, object?> CustomFields, DateTime CreatedAt,
    DateTime UpdatedAt, int Version);

public sealed record CompanyQuery : PageRequest
{
    /// <summary>Text in the name, or an exact INN, phone or email.</summary>
    public string? Q { get; init; }
    public int? OwnerId { get; init; }
    public int? RegionId { get; init; }
    public string? Industry { get; init; }
    /// <summary>The company with this key from the system it came from (matched exactly).</summary>
    public string? ExternalId { get; init; }
}

/// <summary>A record that already holds the same INN, phone or email.</summary>
public sealed record DuplicateMatch(string Kind, int Id, string Name, string MatchedOn, string Value);

public sealed class CompaniesService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    private static readonly string[] SortKeys = ["id", "name", "createdAt", "updatedAt"];

    public async Task<Page<CompanyResponse>> ListAsync(Actor actor, CompanyQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var (key, desc) = query.SortKey("name");
        v.Check(SortKeys.Contains(key), "sort", $"must be one of: {string.Join(", ", SortKeys)}.");
        v.MaxLength(query.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var q = scope.Companies();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLower();
            var phone = ContactNormalizer.Phone(query.Q);
            var inn = Inn.Normalize(query.Q);
            q = q.Where(c => c.Name.ToLower().Contains(text) || c.Inn == inn || (phone != null && c.Phone == phone) || c.Email == text);
        }
        if (query.OwnerId is int o) q = q.Where(c => c.OwnerId == o);
        if (query.RegionId is int r) q = q.Where(c => c.RegionId == r);
        if (!string.IsNullOrWhiteSpace(query.Industry)) q = q.Where(c => c.Industry == query.Industry.Trim());
        if (ExternalIds.Clean(query.ExternalId) is string externalId) q = q.Where(c => c.ExternalId == externalId);
        var total = await q.CountAsync(ct);
        q = key switch
        {
            "id" => q.OrderByKey(c => c.Id, desc),
            "createdAt" => q.OrderByKey(c => c.CreatedAt, desc),
            "updatedAt" => q.OrderByKey(c => c.UpdatedAt, desc),
            _ => q.OrderByKey(c => c.Name, desc),
        };
        var rows = await Project(db, ((IOrderedQueryable<Company>)q).ThenBy(c => c.Id).Skip(query.Skip).Take(query.Take)).ToListAsync(ct);
        var types = await TypesAsync(db, ct);
        return new Page<CompanyResponse>(rows.Select(r => r.ToResponse(types)).ToList(), total);
    }

    public async Task<CompanyResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var row = await Project(db, scope.Companies().Where(c => c.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Company", id);
        return row.ToResponse(await TypesAsync(db, ct));
    }

    /// <summary>Companies and contacts that already hold the INN, phone or email given: shown as a warning before a create.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(Actor actor, string? inn, string? phone, string? email, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await DuplicateKeys.FindAsync(db, scope, Inn.Normalize(inn), ContactNormalizer.Phone(phone), ContactNormalizer.Email(email),
            ct);
    }

    public async Task<CompanyResponse> CreateAsync(Actor actor, CompanyRequest request, CancellationToken ct = default)
    {
        actor.RequireSeller();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var company = new Company { CreatedAt = now, UpdatedAt = now, OwnerId = request.OwnerId ?? actor.UserId };
        await ApplyAsync(db, scope, company, request, ct);
        db.Companies.Add(company);
        db.StampAudit(actor.UserId, clock);
        await SaveAsync(db, scope, company, ct);
        return await GetAsync(actor, company.Id, ct);
    }

    public async Task<CompanyResponse> UpdateAsync(Actor actor, int id, CompanyRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var company = await scope.Companies().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Company", id);
        actor.RequireSeller();
        Versions.Check(db, company, request.Version, company.Version, "company");
        await ApplyAsync(db, scope, company, request, ct);
        company.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.StampAudit(actor.UserId, clock);
        await SaveAsync(db, scope, company, ct);
        return await GetAsync(actor, company.Id, ct);
    }

    /// <summary>Deletes a company that has no deals, contacts or activities; otherwise 409.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var company = await scope.Companies().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Company", id);
        actor.RequireSeller();
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.CompanyId == id, ct)
            || await db.Contacts.IgnoreQueryFilters().AnyAsync(c => c.CompanyId == id, ct)
            || await db.Activities.AnyAsync(a => a.CompanyId == id, ct))
            throw new ConflictException("The company has deals, contacts or activities and cannot be deleted.");
        db.Companies.Remove(company);
        db.StampAudit(actor.UserId, clock);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(VoronkaDbContext db, AccessScope scope, Company c, CompanyRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 300);
        v.MaxLength(r.Industry, "industry", 200).MaxLength(r.Website, "website", 300).MaxLength(r.Address, "address", 500);
        var inn = Inn.Normalize(r.Inn);
        if (inn is not null && !Inn.IsValid(inn)) v.Add("inn", "must be a valid INN: 10 or 12 digits with correct check digits.");
        else if (inn is not null && await db.Companies.AnyAsync(x => x.Inn == inn && x.Id != c.Id, ct)) v.Add("inn", "already belongs to another company.");
        var phone = ContactNormalizer.Phone(r.Phone);
        if (!string.IsNullOrWhiteSpace(r.Phone) && phone is null) v.Add("phone", "is not a phone number.");
        var email = ContactNormalizer.Email(r.Email);
        if (!string.IsNullOrWhiteSpace(r.Email) && email is null) v.Add("email", "is not an email address.");
        v.MaxLength(r.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
        var externalId = ExternalIds.Clean(r.ExternalId);
        if (externalId is not null && externalId != c.ExternalId && !v.Has(ExternalIds.Field)
            && await ExternalIdHolderAsync(db, scope, externalId, c.Id, ct) is { } holder)
            v.Add(ExternalIds.Field, ExternalIds.HeldBy("company", holder));
        if (r.RegionId is int rid && !await db.Regions.AnyAsync(x => x.Id == rid, ct)) v.Add("regionId", "does not exist.");
        var ownerId = r.OwnerId ?? c.OwnerId;
        if (ownerId != c.OwnerId || c.Id == 0) await Owners.CheckAsync(db, scope, ownerId, v, ct);
        var values = await CustomFieldData.ApplyAsync(db, CustomFieldEntity.Company, r.CustomFields, c.CustomFields, v, ct);
        v.ThrowIfInvalid();
        c.Name = r.Name!.Trim();
        c.Inn = inn;
        c.ExternalId = externalId;
        c.Industry = Text.Clean(r.Industry);
        c.RegionId = r.RegionId;
        c.OwnerId = ownerId;
        c.Phone = phone;
        c.Email = email;
        c.Website = Text.Clean(r.Website);
        c.Address = Text.Clean(r.Address);
        c.CustomFields = values;
    }

    private static async Task SaveAsync(VoronkaDbContext db, AccessScope scope, Company company, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("company"); }
        catch (DbUpdateException) when (company.Inn is not null || company.ExternalId is not null)
        {
            // Another company took the key or the INN between the check and the write: the unique index refused it.
            if (company.ExternalId is string externalId && await ExternalIdHolderAsync(db, scope, externalId, company.Id, ct) is { } holder)
                throw ValidationFailedException.For(ExternalIds.Field, ExternalIds.HeldBy("company", holder));
            if (company.Inn is null) throw;
            throw ValidationFailedException.For("inn", "already belongs to another company.");
        }
    }

    /// <summary>The other company that holds the key.</summary>
    private static async Task<ExternalIds.Holder?> ExternalIdHolderAsync(
        VoronkaDbContext db, AccessScope scope, string externalId, int companyId, CancellationToken ct)
    {
        var holder = await db.Companies.Where(c => c.ExternalId == externalId && c.Id != companyId)
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (holder is null) return null;
        var visible = await scope.Companies().AnyAsync(c => c.Id == holder.Id, ct);
        return new ExternalIds.Holder(holder.Id, holder.Name, visible);
    }

    private static Task<Dictionary<string, CustomFieldType>> TypesAsync(VoronkaDbContext db, CancellationToken ct) =>
        CustomFieldData.TypesAsync(db, CustomFieldEntity.Company, ct);

    private static IQueryable<Row> Project(VoronkaDbContext db, IQueryable<Company> q) =>
        from c in q
        join o in db.Users on c.OwnerId equals o.Id
        select new Row(c.Id, c.Name, c.Inn, c.ExternalId, c.Industry, c.RegionId, c.OwnerId, o.FullName, c.Phone, c.Email, c.Website,
            c.Address, c.CustomFields, c.CreatedAt, c.UpdatedAt, c.Version);

    private sealed record Row(
        int Id, string Name, string? Inn, string? ExternalId, string? Industry, int? RegionId, int OwnerId, string OwnerName, string? Phone,
        string? Email, string? Website, string? Address, Dictionary<string, string> CustomFields, DateTime CreatedAt, DateTime UpdatedAt,
        int Version)
    {
        public CompanyResponse ToResponse(IReadOnlyDictionary<string, CustomFieldType> types) => new(
            Id, Name, Inn, ExternalId, Industry, RegionId, OwnerId, OwnerName, Phone, Email, Website, Address,
            CustomFieldData.ToApi(CustomFields, types),
            CreatedAt, UpdatedAt, Version);
    }
}

/// <summary>The client found for a number, an address or an INN, and their open deal with its owner.</summary>
internal sealed record FoundClient(int? ContactId, int? CompanyId, int? DealId, int? DealOwnerId);

internal static class DuplicateKeys
{
    /// <summary>Finds records holding the same INN, phone or email. Records outside the actor's scope are reported
    /// without id and name: the user learns that a duplicate exists, not whose client it is.</summary>
    public static async Task<IReadOnlyList<DuplicateMatch>> FindAsync(VoronkaDbContext db, AccessScope scope, string? inn, string? phone, string? email, CancellationToken ct)
    {
        var found = await FindAllAsync(db, inn, phone, email, ct);
        var companyIds = found.Where(m => m.Kind == "company").Select(m => m.Id).ToList();
        var contactIds = found.Where(m => m.Kind == "contact").Select(m => m.Id).ToList();
        var visibleCompanies = (await scope.Companies().Where(c => companyIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var visibleContacts = (await scope.Contacts().Where(c => contactIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return found.Select(m => (m.Kind == "company" ? visibleCompanies : visibleContacts).Contains(m.Id) ? m : m with { Id = 0, Name = "" })
            .ToList();
    }

    /// <summary>The client of an INN, phone or e-mail: the first contact and company holding it (the contact's company when
    /// only a contact does) and their open deal touched last. A lead and a call find their client by it.</summary>
    internal static async Task<FoundClient> ClientAsync(VoronkaDbContext db, string? inn, string? phone, string? email,
        CancellationToken ct)
    {
        var found = await FindAllAsync(db, inn, phone, email, ct);
        var contact = found.Where(m => m.Kind == "contact").Select(m => (int?)m.Id).Min();
        var company = found.Where(m => m.Kind == "company").Select(m => (int?)m.Id).Min();
        if (contact is int c && company is null)
            company = await db.Contacts.Where(x => x.Id == c).Select(x => x.CompanyId).FirstOrDefaultAsync(ct);
        var deal = contact is null && company is null ? null : await db.Deals
            .Where(d => d.ClosedAt == null && ((contact != null && d.ContactId == contact) || (company != null && d.CompanyId == company)))
            .OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Select(d => new { d.Id, d.OwnerId }).FirstOrDefaultAsync(ct);
        return new FoundClient(contact, company, deal?.Id, deal?.OwnerId);
    }

    internal static async Task<List<DuplicateMatch>> FindAllAsync(VoronkaDbContext db, string? inn, string? phone, string? email,
        CancellationToken ct)
    {
        var result = new List<DuplicateMatch>();
        if (inn is not null)
            result.AddRange(await db.Companies.Where(c => c.Inn == inn).Select(c => new DuplicateMatch("company", c.Id, c.Name, "inn", inn)).ToListAsync(ct));
        if (phone is not null)
        {
            result.AddRange(await db.Companies.Where(c => c.Phone == phone).Select(c => new DuplicateMatch("company", c.Id, c.Name, "phone", phone)).ToListAsync(ct));
            result.AddRange(await db.Contacts.Where(c => c.Phones.Contains(phone)).Select(c => new DuplicateMatch("contact", c.Id, c.Name, "phone", phone)).ToListAsync(ct));
        }
        if (email is not null)
        {
            result.AddRange(await db.Companies.Where(c => c.Email == email).Select(c => new DuplicateMatch("company", c.Id, c.Name, "email", email)).ToListAsync(ct));
            result.AddRange(await db.Contacts.Where(c => c.Emails.Contains(email)).Select(c => new DuplicateMatch("contact", c.Id, c.Name, "email", email)).ToListAsync(ct));
        }
        return result;
    }
}
