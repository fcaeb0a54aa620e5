using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.CustomFields;
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
        return await ReadAsync(db, scope, nameof(Company), id, ct);
    }

    public async Task<IReadOnlyList<AuditEntryResponse>> ContactAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await scope.Contacts().AnyAsync(c => c.Id == id, ct)) throw new NotFoundException("Contact", id);
        return await ReadAsync(db, scope, nameof(Contact), id, ct);
    }

    /// <summary>The log of one record, oldest first, with the names behind the ids it records (a stage, an owner, a person
    /// in a custom field…), and a change of custom fields told field by field (<c>custom.{key}</c>); a company or contact is
    /// named only when the actor may see it.</summary>
    internal static async Task<IReadOnlyList<AuditEntryResponse>> ReadAsync(VoronkaDbContext db, AccessScope scope, string type, int id,
        CancellationToken ct)
    {
        var entries = (await (from a in db.AuditEntries
               where a.EntityType == type && a.EntityId == id
               orderby a.ChangedAt, a.Id
               select new AuditEntryResponse(a.Id, a.EntityType, a.EntityId, a.Field, a.OldValue, a.NewValue, a.ChangedAt, a.ChangedById,
                   db.Users.Where(u => u.Id == a.ChangedById).Select(u => u.FullName).FirstOrDefault())).ToListAsync(ct))
            .SelectMany(AuditedCustomFields.Split).ToList();
        var names = new Dictionary<(string Field, int Id), string>();
        async Task Name(string field, Func<int[], IQueryable<IdName>> query)
        {
            var ids = entries.Where(e => e.Field == field).SelectMany(e => new[] { e.OldValue, e.NewValue })
                .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null)
                .OfType<int>().Distinct().ToArray();
            if (ids.Length == 0) return;
            foreach (var x in await query(ids).ToListAsync(ct)) names[(field, x.Id)] = x.Name;
        }
        await Name(AuditEntry.StageField, ids => db.Stages.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        await Name("pipelineId", ids => db.Pipelines.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        await Name("ownerId", ids => db.Users.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.FullName)));
        await Name("regionId", ids => db.Regions.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        await Name("lossReasonId", ids => db.LossReasons.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        await Name("companyId", ids => scope.Companies().Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        await Name("contactId", ids => scope.Contacts().Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.Name)));
        if (Enum.TryParse<CustomFieldEntity>(type, out var entity))
            foreach (var key in await db.CustomFields.Where(f => f.Entity == entity && f.Type == CustomFieldType.User).Select(f => f.Key)
                         .ToListAsync(ct))
                await Name(DealFields.CustomPrefix + key,
                    ids => db.Users.Where(x => ids.Contains(x.Id)).Select(x => new IdName(x.Id, x.FullName)));
        if (names.Count == 0) return entries;
        string? Text(string field, string? value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? names.GetValueOrDefault((field, i)) : null;
        return entries.Select(e => e with { OldText = Text(e.Field, e.OldValue), NewText = Text(e.Field, e.NewValue) }).ToList();
    }

    private sealed record IdName(int Id, string Name);
}
