using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Leads;

/// <summary>A web form as the director sets it up. <see cref="Source"/>, <see cref="RegionId"/> and
/// <see cref="ProductId"/> are given to every lead it sends, for the routing rules.</summary>
public sealed record LeadFormRequest(string? Name, string? Source = null, int? RegionId = null, int? ProductId = null,
    bool IsActive = true);

/// <summary>A form with its public key and the HTML to put on a page.</summary>
public sealed record LeadFormResponse(int Id, string Name, string Key, string? Source, int? RegionId, int? ProductId, bool IsActive,
    DateTime CreatedAt, int Leads);

/// <summary>The web forms: the director keeps them; the public endpoint finds one by its key.</summary>
public sealed class LeadFormsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<IReadOnlyList<LeadFormResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await Project(db, db.LeadForms.OrderBy(f => f.Name).ThenBy(f => f.Id)).ToListAsync(ct);
    }

    public async Task<LeadFormResponse> CreateAsync(Actor actor, LeadFormRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        await CheckAsync(db, r, ct);
        var form = new LeadForm
        {
            Key = NewKey(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Apply(form, r);
        db.LeadForms.Add(form);
        await db.SaveChangesAsync(ct);
        return await Project(db, db.LeadForms.Where(f => f.Id == form.Id)).SingleAsync(ct);
    }

    public async Task<LeadFormResponse> UpdateAsync(Actor actor, int id, LeadFormRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var form = await db.LeadForms.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("form", id);
        await CheckAsync(db, r, ct);
        Apply(form, r);
        await db.SaveChangesAsync(ct);
        return await Project(db, db.LeadForms.Where(f => f.Id == id)).SingleAsync(ct);
    }

    /// <summary>The active form of a public key, or null: an unknown or switched-off key answers 404.</summary>
    public async Task<LeadForm?> FindAsync(string key, CancellationToken ct)
    {
        if (key.Length is 0 or > 64) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.LeadForms.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key && f.IsActive, ct);
    }

    /// <summary>24 random bytes, URL-safe: a key nobody guesses.</summary>
    private static string NewKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Apply(LeadForm form, LeadFormRequest r)
    {
        (form.Name, form.Source, form.RegionId, form.ProductId, form.IsActive) = (r.Name!.Trim(),
            string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(), r.RegionId, r.ProductId, r.IsActive);
    }

    private static async Task CheckAsync(VoronkaDbContext db, LeadFormRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        v.MaxLength(r.Source, "source", 200);
        await LeadMatching.CheckReferencesAsync(db, v, r.RegionId, r.ProductId, null, ct);
        v.ThrowIfInvalid();
    }

    private static IQueryable<LeadFormResponse> Project(VoronkaDbContext db, IQueryable<LeadForm> q) =>
        q.AsNoTracking().Select(f => new LeadFormResponse(f.Id, f.Name, f.Key, f.Source, f.RegionId, f.ProductId, f.IsActive, f.CreatedAt,
            db.Leads.Count(l => l.FormId == f.Id)));
}
