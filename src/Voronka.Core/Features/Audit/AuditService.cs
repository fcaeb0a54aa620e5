using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.Audit;

/// <summary>Reads the audit log of a company or contact the actor may see.</summary>
public sealed class AuditService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AuditEntryResponse>> CompanyAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Companies().AnyAsync(c => c.Id == id, ct)) throw new NotFoundException("Company", id);
        return await ReadAsync(db, nameof(Company), id, ct);
    }

    public async Task<IReadOnlyList<AuditEntryResponse>> ContactAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Contacts().AnyAsync(c => c.Id == id, ct)) throw new NotFoundException("Contact", id);
        return await ReadAsync(db, nameof(Contact), id, ct);
    }

    internal static async Task<IReadOnlyList<AuditEntryResponse>> ReadAsync(VoronkaDbContext db, string type, int id, CancellationToken ct) =>
        await (from a in db.AuditEntries
               where a.EntityType == type && a.EntityId == id
               orderby a.ChangedAt, a.Id
               select new AuditEntryResponse(a.Id, a.EntityType, a.EntityId, a.Field, a.OldValue, a.NewValue, a.ChangedAt, a.ChangedById,
                   db.Users.Where(u => u.Id == a.ChangedById).Select(u => u.FullName).FirstOrDefault())).ToListAsync(ct);
}
