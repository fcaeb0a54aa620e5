using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.CustomFields;

namespace Voronka.Core.Features.Contacts;

/// <summary>A contact to create, or the fields that replace a contact's on an update (the owner and the custom fields
/// left out keep theirs). <see cref="ExternalId"/> is the contact's key in the system it came from (at most 100
/// characters, trimmed; empty is none): unique among contacts, found by the list's <c>externalId</c> filter, and
/// replaced on an update like the other fields, so one left out is cleared.</summary>
public sealed record ContactRequest(
    string? Name,
    string? Position = null,
    int? CompanyId = null,
    int? OwnerId = null,
    IReadOnlyList<string>? Phones = null,
    IReadOnlyList<string>? Emails = null,
    Dictionary<string, JsonElement>? CustomFields = null,
    int? Version = null,
    string? ExternalId = null);

/// <summary>A contact as the API shows it; <see cref="ExternalId"/> is its key in the system it came from, or null.</summary>
public sealed record ContactResponse(
    int Id, string Name, string? ExternalId, string? Position, int? CompanyId, string? CompanyName, int OwnerId, string OwnerName,
    IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, IReadOnlyDictionary<string, object?> CustomFields,
    DateTime CreatedAt, DateTime UpdatedAt, int Version);

public sealed record ContactQuery : PageRequest
{
    /// <summary>Text in the name, or an exact phone (any format) or email.</summary>
    public string? Q { get; init; }
    public int? CompanyId { get; init; }
    public int? OwnerId { get; init; }
    /// <summary>The contact with this key from the system it came from (matched exactly).</summary>
    public string? ExternalId { get; init; }
}

public sealed class ContactsService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    private static readonly string[] SortKeys = ["id", "name", "createdAt", "updatedAt"];

    public async Task<Page<ContactResponse>> ListAsync(Actor actor, ContactQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var (key, desc) = query.SortKey("name");
        v.Check(SortKeys.Contains(key), "sort", $"must be one of: {string.Join(", ", SortKeys)}.");
        v.MaxLength(query.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var q = scope.Contacts();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLower();
            var phone = ContactNormalizer.Phone(query.Q) ?? "";
            q = q.Where(c => c.Name.ToLower().Contains(text) || c.Phones.Contains(phone) || c.Emails.Contains(text));
        }
        if (query.CompanyId is int cid) q = q.Where(c => c.CompanyId == cid);
        if (query.OwnerId is int oid) q = q.Where(c => c.OwnerId == oid);
        if (ExternalIds.Clean(query.ExternalId) is string externalId) q = q.Where(c => c.ExternalId == externalId);
        var total = await q.CountAsync(ct);
        q = key switch
        {
            "id" => q.OrderByKey(c => c.Id, desc),
            "createdAt" => q.OrderByKey(c => c.CreatedAt, desc),
            "updatedAt" => q.OrderByKey(c => c.UpdatedAt, desc),
            _ => q.OrderByKey(c => c.Name, desc),
        };
        var rows = await Project(db, ((IOrderedQueryable<Contact>)q).ThenBy(c => c.Id).Skip(query.Skip).Take(query.Take)).ToListAsync(ct);
        var types = await TypesAsync(db, ct);
        return new Page<ContactResponse>(rows.Select(r => r.ToResponse(types)).ToList(), total);
    }

    public async Task<ContactResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var row = await Project(db, scope.Contacts().Where(c => c.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Contact", id);
        return row.ToResponse(await TypesAsync(db, ct));
    }

    public async Task<ContactResponse> CreateAsync(Actor actor, ContactRequest request, CancellationToken ct = default)
    {
        actor.RequireSeller();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var contact = new Contact { CreatedAt = now, UpdatedAt = now, OwnerId = request.OwnerId ?? actor.UserId };
        await ApplyAsync(db, scope, contact, request, ct);
        db.Contacts.Add(contact);
        db.StampAudit(actor.UserId, clock);
        await SaveAsync(db, scope, contact, ct);
        return await GetAsync(actor, contact.Id, ct);
    }

    public async Task<ContactResponse> UpdateAsync(Actor actor, int id, ContactRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var contact = await scope.Contacts().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Contact", id);
        actor.RequireSeller();
        Versions.Check(db, contact, request.Version, contact.Version, "contact");
        await ApplyAsync(db, scope, contact, request, ct);
        contact.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.StampAudit(actor.UserId, clock);
        await SaveAsync(db, scope, contact, ct);
        return await GetAsync(actor, contact.Id, ct);
    }

    /// <summary>Deletes a contact that is on no deal and has no activities; otherwise 409.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var contact = await scope.Contacts().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Contact", id);
        actor.RequireSeller();
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.ContactId == id, ct) || await db.Activities.AnyAsync(a => a.ContactId == id, ct))
            throw new ConflictException("The contact is on deals or activities and cannot be deleted.");
        db.Contacts.Remove(contact);
        db.StampAudit(actor.UserId, clock);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ApplyAsync(VoronkaDbContext db, AccessScope scope, Contact c, ContactRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200).MaxLength(r.Position, "position", 200);
        var phones = new List<string>();
        var inputPhones = r.Phones ?? [];
        if (inputPhones.Count > 10) v.Add("phones", "must have at most 10 numbers.");
        for (var i = 0; i < inputPhones.Count; i++)
        {
            var p = ContactNormalizer.Phone(inputPhones[i]);
            if (p is null) v.Add($"phones[{i}]", "is not a phone number.");
            else if (!phones.Contains(p)) phones.Add(p);
        }
        var emails = new List<string>();
        var inputEmails = r.Emails ?? [];
        if (inputEmails.Count > 10) v.Add("emails", "must have at most 10 addresses.");
        for (var i = 0; i < inputEmails.Count; i++)
        {
            var e = ContactNormalizer.Email(inputEmails[i]);
            if (e is null) v.Add($"emails[{i}]", "is not an email address.");
            else if (!emails.Contains(e)) emails.Add(e);
        }
        v.MaxLength(r.ExternalId, ExternalIds.Field, ExternalIds.MaxLength);
        var externalId = ExternalIds.Clean(r.ExternalId);
        if (externalId is not null && externalId != c.ExternalId && !v.Has(ExternalIds.Field)
            && await ExternalIdHolderAsync(db, scope, externalId, c.Id, ct) is { } holder)
            v.Add(ExternalIds.Field, ExternalIds.HeldBy("contact", holder));
        if (r.CompanyId is int cid && cid != c.CompanyId && !await scope.Companies().AnyAsync(x => x.Id == cid, ct)) v.Add("companyId", "does not exist.");
        var ownerId = r.OwnerId ?? c.OwnerId;
        if (ownerId != c.OwnerId || c.Id == 0) await Owners.CheckAsync(db, scope, ownerId, v, ct);
        var values = await CustomFieldData.ApplyAsync(db, CustomFieldEntity.Contact, r.CustomFields, c.CustomFields, v, ct);
        v.ThrowIfInvalid();
        c.Name = r.Name!.Trim();
        c.Position = Text.Clean(r.Position);
        c.ExternalId = externalId;
        c.CompanyId = r.CompanyId;
        c.OwnerId = ownerId;
        c.Phones = phones;
        c.Emails = emails;
        c.CustomFields = values;
    }

    private static async Task SaveAsync(VoronkaDbContext db, AccessScope scope, Contact contact, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw Versions.Conflict("contact"); }
        catch (DbUpdateException) when (contact.ExternalId is not null)
        {
            // Another contact took the key between the check and the write: the unique index refused it.
            if (await ExternalIdHolderAsync(db, scope, contact.ExternalId, contact.Id, ct) is not { } holder) throw;
            throw ValidationFailedException.For(ExternalIds.Field, ExternalIds.HeldBy("contact", holder));
        }
    }

    /// <summary>The other contact that holds the key.</summary>
    private static async Task<ExternalIds.Holder?> ExternalIdHolderAsync(
        VoronkaDbContext db, AccessScope scope, string externalId, int contactId, CancellationToken ct)
    {
        var holder = await db.Contacts.Where(c => c.ExternalId == externalId && c.Id != contactId)
            .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (holder is null) return null;
        var visible = await scope.Contacts().AnyAsync(c => c.Id == holder.Id, ct);
        return new ExternalIds.Holder(holder.Id, holder.Name, visible);
    }

    private static Task<Dictionary<string, CustomFieldType>> TypesAsync(VoronkaDbContext db, CancellationToken ct) =>
        CustomFieldData.TypesAsync(db, CustomFieldEntity.Contact, ct);

    private static IQueryable<Row> Project(VoronkaDbContext db, IQueryable<Contact> q) =>
        from c in q
        join o in db.Users on c.OwnerId equals o.Id
        select new Row(c.Id, c.Name, c.ExternalId, c.Position, c.CompanyId,
            db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault(),
            c.OwnerId, o.FullName, c.Phones, c.Emails, c.CustomFields, c.CreatedAt, c.UpdatedAt, c.Version);

    private sealed record Row(
        int Id, string Name, string? ExternalId, string? Position, int? CompanyId, string? CompanyName, int OwnerId, string OwnerName,
        List<string> Phones, List<string> Emails, Dictionary<string, string> CustomFields, DateTime CreatedAt, DateTime UpdatedAt,
        int Version)
    {
        public ContactResponse ToResponse(IReadOnlyDictionary<string, CustomFieldType> types) => new(
            Id, Name, ExternalId, Position, CompanyId, CompanyName, OwnerId, OwnerName, Phones, Emails,
            CustomFieldData.ToApi(CustomFields, types),
            CreatedAt, UpdatedAt, Version);
    }
}
