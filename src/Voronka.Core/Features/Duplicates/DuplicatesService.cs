using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Duplicates;

/// <summary>A record of a likely-same pair, with what a person needs to choose the one to keep.</summary>
public sealed record DuplicateRecord(int Id, string Name, string? Inn, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails,
    string? CompanyName, string OwnerName, DateTime CreatedAt, int Deals);

/// <summary>Two records that look like one (<see cref="Older"/> was there first) and why.</summary>
public sealed record DuplicatePairResponse(MergeEntity Entity, DuplicateRecord Older, DuplicateRecord Newer,
    IReadOnlyList<DuplicateReason> Reasons);

public sealed record DuplicatesResponse(int Total, IReadOnlyList<DuplicatePairResponse> Pairs);

/// <summary>The likely-same companies and contacts (<see cref="DuplicateRules"/>), for the director to merge.</summary>
public sealed class DuplicatesService(IDbContextFactory<VoronkaDbContext> factory)
{
    public async Task<DuplicatesResponse> ListAsync(Actor actor, MergeEntity? entity, int take, CancellationToken ct)
    {
        actor.RequireDirector();
        if (take is < 1 or > 500) throw ValidationFailedException.For("take", "must be between 1 and 500.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var pairs = new List<(MergeEntity Entity, DuplicatePair Pair)>();
        foreach (var kind in entity is MergeEntity e ? [e] : new[] { MergeEntity.Company, MergeEntity.Contact })
            pairs.AddRange(DuplicateRules.Find(await CandidatesAsync(db, kind, ct)).Select(p => (kind, p)));
        var page = pairs.OrderByDescending(p => p.Pair.Reasons.Count).Take(take).ToList();
        var records = new Dictionary<(MergeEntity, int), DuplicateRecord>();
        foreach (var kind in page.Select(p => p.Entity).Distinct())
        {
            var ids = page.Where(p => p.Entity == kind).SelectMany(p => new[] { p.Pair.FirstId, p.Pair.SecondId }).Distinct().ToList();
            foreach (var r in await RecordsAsync(db, kind, ids, ct)) records[(kind, r.Id)] = r;
        }
        return new DuplicatesResponse(pairs.Count, page.Select(p => new DuplicatePairResponse(p.Entity, records[(p.Entity, p.Pair.FirstId)],
            records[(p.Entity, p.Pair.SecondId)], p.Pair.Reasons)).ToList());
    }

    /// <summary>Per person, the companies and contacts they created between <paramref name="start"/> and <paramref name="end"/>
    /// that are the newer record of a likely-same pair, or were merged into another: duplicates made instead of finding the
    /// client.</summary>
    internal static async Task<Dictionary<int, int>> CreatedAsync(VoronkaDbContext db, IReadOnlyCollection<int> people, DateTime start,
        DateTime end, CancellationToken ct)
    {
        var counts = new Dictionary<int, int>();
        foreach (var kind in new[] { MergeEntity.Company, MergeEntity.Contact })
        {
            var type = kind.ToString();
            var created = await db.AuditEntries.Where(a => a.EntityType == type && a.Field == "created" && a.ChangedAt >= start
                    && a.ChangedAt < end && a.ChangedById != null && people.Contains(a.ChangedById.Value))
                .Select(a => new { a.EntityId, By = a.ChangedById!.Value }).ToListAsync(ct);
            if (created.Count == 0) continue;
            var newer = DuplicateRules.Find(await CandidatesAsync(db, kind, ct)).Select(p => p.SecondId).ToHashSet();
            // A duplicate the director has merged away was one all the same.
            newer.UnionWith(kind == MergeEntity.Company
                ? await db.Companies.IgnoreQueryFilters().Where(c => c.MergedIntoId != null).Select(c => c.Id).ToListAsync(ct)
                : await db.Contacts.IgnoreQueryFilters().Where(c => c.MergedIntoId != null).Select(c => c.Id).ToListAsync(ct));
            foreach (var c in created.Where(c => newer.Contains(c.EntityId))) counts[c.By] = counts.GetValueOrDefault(c.By) + 1;
        }
        return counts;
    }

    private static async Task<List<DuplicateCandidate>> CandidatesAsync(VoronkaDbContext db, MergeEntity kind, CancellationToken ct)
    {
        if (kind == MergeEntity.Company)
            return (await db.Companies.AsNoTracking().Select(c => new { c.Id, c.Name, c.CreatedAt, c.Inn, c.Phone, c.Email })
                    .ToListAsync(ct))
                .Select(c => new DuplicateCandidate(c.Id, c.Name, c.CreatedAt, c.Inn, c.Phone is null ? [] : [c.Phone],
                    c.Email is null ? [] : [c.Email], null))
                .ToList();
        // A contact's name counts only beside the same company: one without a company gets a group of its own.
        return (await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.Name, c.CreatedAt, c.Phones, c.Emails, c.CompanyId })
                .ToListAsync(ct))
            .Select(c => new DuplicateCandidate(c.Id, c.Name, c.CreatedAt, null, c.Phones, c.Emails, c.CompanyId ?? -c.Id))
            .ToList();
    }

    private static async Task<List<DuplicateRecord>> RecordsAsync(VoronkaDbContext db, MergeEntity kind, List<int> ids,
        CancellationToken ct)
    {
        if (kind == MergeEntity.Company)
            return (await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id))
                    .Select(c => new
                    {
                        c.Id, c.Name, c.Inn, c.Phone, c.Email, c.CreatedAt,
                        Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                        Deals = db.Deals.Count(d => d.CompanyId == c.Id),
                    })
                    .ToListAsync(ct))
                .Select(c => new DuplicateRecord(c.Id, c.Name, c.Inn, c.Phone is null ? [] : [c.Phone], c.Email is null ? [] : [c.Email],
                    null, c.Owner ?? "", c.CreatedAt, c.Deals))
                .ToList();
        return (await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new
                {
                    c.Id, c.Name, c.Phones, c.Emails, c.CreatedAt,
                    Company = db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault(),
                    Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                    Deals = db.Deals.Count(d => d.ContactId == c.Id),
                })
                .ToListAsync(ct))
            .Select(c => new DuplicateRecord(c.Id, c.Name, null, c.Phones, c.Emails, c.Company, c.Owner ?? "", c.CreatedAt, c.Deals))
            .ToList();
    }
}
