using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Audit;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Files;
using Voronka.Core.Features.Telephony;

namespace Voronka.Core.Features.Duplicates;

/// <summary>Merge <see cref="MergeId"/> into <see cref="KeepId"/>; <see cref="Take"/> names the fields to take from the
/// merged record even where the kept one has a value.</summary>
public sealed record MergeRequest(MergeEntity? Entity, int? KeepId, int? MergeId, IReadOnlyList<string>? Take = null);

/// <summary>What moves from the merged record to the kept one.</summary>
public sealed record MergeMoves(int Deals, int Contacts, int Activities, int Calls, int Leads, int Files, int History);

/// <summary>The two records and the result as the merge would write it (fields by the API's names), and what moves.</summary>
public sealed record MergePreview(MergeEntity Entity, JsonElement Keep, JsonElement Merge, JsonElement Result, MergeMoves Moves);

public sealed record MergeResponse(
    int Id, MergeEntity Entity, int KeptId, string KeptName, int MergedId, string MergedName, DateTime MergedAt, int MergedById,
    string MergedByName, MergeMoves Moves, DateTime? UndoneAt, int? UndoneById);

/// <summary>
/// Merges a duplicate company or contact into the one kept: the kept record takes the merged one's values where it has
/// none (or where asked), the deals, contacts, activities, calls, leads, files and audit history move to it, and the
/// merged record leaves every list. All in one transaction, recorded (<see cref="MergeRecord"/>) and audited on both
/// records; an undo puts every moved row back and the fields as they were, keeping changes made since. The director's.
/// </summary>
public sealed class MergesService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    private sealed record Moved(List<int> Deals, List<int> Contacts, List<long> Activities, List<long> Calls, List<int> Leads,
        List<int> Files, List<long> History)
    {
        public MergeMoves Counts => new(Deals.Count, Contacts.Count, Activities.Count, Calls.Count, Leads.Count, Files.Count,
            History.Count);
    }

    public async Task<MergePreview> PreviewAsync(Actor actor, MergeRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var (entity, kept, merged, take) = await LoadAsync(db, r, ct);
        var (keptState, mergedState) = (State(kept), State(merged));
        var result = MergeStates.Combine(keptState, mergedState, take);
        var moved = await FindMovesAsync(db, entity, IdOf(merged), ct);
        return new MergePreview(entity, Element(keptState), Element(mergedState), Element(result), moved.Counts);
    }

    public async Task<MergeResponse> MergeAsync(Actor actor, MergeRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (entity, kept, merged, take) = await LoadAsync(db, r, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var (keptBefore, mergedState) = (State(kept), State(merged));
        var result = MergeStates.Combine(keptBefore, mergedState, take);
        // The merged record gives up its unique keys (INN, external id) first: the index holds hidden records too, and a key
        // left on a hidden record would refuse it to everyone else. The kept record takes them where it has none.
        var given = new JsonObject();
        foreach (var key in MergeStates.Unique(entity))
            if (!MergeStates.IsEmpty(mergedState[key])) given[key] = mergedState[key]!.DeepClone();
        var moved = await FindMovesAsync(db, entity, IdOf(merged), ct);
        var cleared = mergedState.DeepClone().AsObject();
        foreach (var (key, _) in given) cleared[key] = null;
        Apply(cleared, merged);
        SetMergedInto(merged, IdOf(kept));
        db.StampAudit(actor.UserId, clock);
        await db.SaveChangesAsync(ct);
        Apply(result, kept);
        await MoveAsync(db, entity, moved, IdOf(kept), ct);
        var record = new MergeRecord
        {
            Entity = entity, KeptId = IdOf(kept), MergedId = IdOf(merged), KeptName = Name(kept), MergedName = Name(merged),
            KeptBefore = keptBefore.ToJsonString(), KeptAfter = result.ToJsonString(), MergedBefore = given.ToJsonString(),
            Moves = JsonSerializer.Serialize(moved, JsonSerializerOptions.Web), MergedAt = now, MergedById = actor.UserId,
        };
        db.Set<MergeRecord>().Add(record);
        Audit(db, entity, IdOf(kept), "merged", $"#{IdOf(merged)} {Name(merged)}", actor, now);
        Audit(db, entity, IdOf(merged), "mergedInto", $"#{IdOf(kept)} {Name(kept)}", actor, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(db, record.Id, ct);
    }

    public async Task<MergeResponse> UndoAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var record = await db.Set<MergeRecord>().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("Merge", id);
        if (record.UndoneAt is not null) throw new ConflictException("The merge is undone already.");
        var kept = await FindAsync(db, record.Entity, record.KeptId, ignoreMerged: true, ct);
        var merged = await FindAsync(db, record.Entity, record.MergedId, ignoreMerged: true, ct);
        if (kept is null || merged is null || MergedInto(kept) is not null)
            throw new ConflictException("The kept record was merged again since; undo that merge first.");
        var now = clock.GetUtcNow().UtcDateTime;
        db.StampAudit(actor.UserId, clock);
        var restored = MergeStates.Restore(State(kept), JsonNode.Parse(record.KeptBefore)!.AsObject(),
            JsonNode.Parse(record.KeptAfter)!.AsObject());
        var given = JsonNode.Parse(record.MergedBefore)!.AsObject();
        // A key of its own the kept record gave up for the merged one's comes back unless someone has taken it since.
        var current = State(kept);
        foreach (var key in MergeStates.Unique(record.Entity))
            if (!MergeStates.IsEmpty(restored[key]) && !JsonNode.DeepEquals(restored[key], current[key])
                && await TakenAsync(db, record.Entity, key, restored[key]!, IdOf(kept), ct))
                restored[key] = null;
        Apply(restored, kept);
        await db.SaveChangesAsync(ct);
        var mergedState = State(merged);
        foreach (var (key, value) in given)
            if (MergeStates.IsEmpty(mergedState[key]) && !await TakenAsync(db, record.Entity, key, value!, IdOf(merged), ct))
                mergedState[key] = value!.DeepClone();
        Apply(mergedState, merged);
        SetMergedInto(merged, null);
        var moved = JsonSerializer.Deserialize<Moved>(record.Moves, JsonSerializerOptions.Web)!;
        await MoveBackAsync(db, record.Entity, moved, record.KeptId, record.MergedId, ct);
        record.UndoneAt = now;
        record.UndoneById = actor.UserId;
        Audit(db, record.Entity, IdOf(kept), "unmerged", $"#{IdOf(merged)} {Name(merged)}", actor, now);
        Audit(db, record.Entity, IdOf(merged), "unmerged", $"#{IdOf(kept)} {Name(kept)}", actor, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(db, record.Id, ct);
    }

    public async Task<IReadOnlyList<MergeResponse>> ListAsync(Actor actor, int take, CancellationToken ct)
    {
        actor.RequireDirector();
        if (take is < 1 or > 200) throw ValidationFailedException.For("take", "must be between 1 and 200.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<MergeRecord>().AsNoTracking().OrderByDescending(m => m.MergedAt).ThenByDescending(m => m.Id).Take(take)
            .Select(m => new { Merge = m, By = db.Users.Where(u => u.Id == m.MergedById).Select(u => u.FullName).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(x => Response(x.Merge, x.By ?? "")).ToList();
    }

    private static async Task<MergeResponse> GetAsync(VoronkaDbContext db, int id, CancellationToken ct)
    {
        var m = await db.Set<MergeRecord>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        return Response(m, await db.Users.Where(u => u.Id == m.MergedById).Select(u => u.FullName).FirstAsync(ct));
    }

    private static MergeResponse Response(MergeRecord m, string by) => new(m.Id, m.Entity, m.KeptId, m.KeptName, m.MergedId,
        m.MergedName, m.MergedAt, m.MergedById, by, JsonSerializer.Deserialize<Moved>(m.Moves, JsonSerializerOptions.Web)!.Counts,
        m.UndoneAt, m.UndoneById);

    private static async Task<(MergeEntity, object Kept, object Merged, HashSet<string> Take)> LoadAsync(VoronkaDbContext db,
        MergeRequest r,
        CancellationToken ct)
    {
        var v = new Validator();
        v.Check(r.Entity is not null, "entity", "is required: Company or Contact.");
        v.Check(r.KeepId is not null, "keepId", "is required.");
        v.Check(r.MergeId is not null, "mergeId", "is required.");
        v.Check(r.KeepId is null || r.KeepId != r.MergeId, "mergeId", "must be another record than keepId.");
        v.ThrowIfInvalid();
        var entity = r.Entity!.Value;
        var fields = MergeStates.Fields(entity);
        var take = (r.Take ?? []).ToHashSet();
        var names = string.Join(", ", fields);
        foreach (var key in take) v.Check(fields.Contains(key), "take", $"'{key}' is not a field to take (fields: {names}).");
        var kept = await FindAsync(db, entity, r.KeepId!.Value, ignoreMerged: false, ct);
        var merged = await FindAsync(db, entity, r.MergeId!.Value, ignoreMerged: false, ct);
        v.Check(kept is not null, "keepId", "is not a record of this kind.");
        v.Check(merged is not null, "mergeId", "is not a record of this kind.");
        v.ThrowIfInvalid();
        v.Check(!(kept is Company a && merged is Company b && a.Inn is { Length: > 0 } && b.Inn is { Length: > 0 } && a.Inn != b.Inn),
            "mergeId", "has another INN: two legal entities are not one client.");
        v.ThrowIfInvalid();
        return (entity, kept!, merged!, take);
    }

    private static async Task<object?> FindAsync(VoronkaDbContext db, MergeEntity entity, int id, bool ignoreMerged,
        CancellationToken ct) =>
        entity == MergeEntity.Company
            ? await (ignoreMerged ? db.Companies.IgnoreQueryFilters() : db.Companies).FirstOrDefaultAsync(c => c.Id == id, ct)
            : await (ignoreMerged ? db.Contacts.IgnoreQueryFilters() : db.Contacts).FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Whether a record other than <paramref name="except"/> holds the unique key.</summary>
    private static async Task<bool> TakenAsync(VoronkaDbContext db, MergeEntity entity, string key, JsonNode value, int except,
        CancellationToken ct)
    {
        var text = value.GetValue<string>();
        var companies = db.Companies.IgnoreQueryFilters().Where(c => c.Id != except);
        var contacts = db.Contacts.IgnoreQueryFilters().Where(c => c.Id != except);
        return (entity, key) switch
        {
            (MergeEntity.Company, "inn") => await companies.AnyAsync(c => c.Inn == text, ct),
            (MergeEntity.Company, _) => await companies.AnyAsync(c => c.ExternalId == text, ct),
            _ => await contacts.AnyAsync(c => c.ExternalId == text, ct),
        };
    }

    private static JsonObject State(object record) => record is Company c ? MergeStates.Of(c) : MergeStates.Of((Contact)record);

    private static void Apply(JsonObject state, object record)
    {
        if (record is Company c) MergeStates.Apply(state, c);
        else MergeStates.Apply(state, (Contact)record);
    }

    private static int IdOf(object record) => record is Company c ? c.Id : ((Contact)record).Id;

    private static string Name(object record) => record is Company c ? c.Name : ((Contact)record).Name;

    private static int? MergedInto(object record) => record is Company c ? c.MergedIntoId : ((Contact)record).MergedIntoId;

    private static void SetMergedInto(object record, int? into)
    {
        if (record is Company c) c.MergedIntoId = into;
        else ((Contact)record).MergedIntoId = into;
    }

    private static JsonElement Element(JsonObject o) => JsonSerializer.SerializeToElement(o);

    private static void Audit(VoronkaDbContext db, MergeEntity entity, int id, string field, string value, Actor actor, DateTime now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = entity.ToString(), EntityId = id, Field = field, NewValue = value, ChangedAt = now, ChangedById = actor.UserId,
        });

    private static async Task<Moved> FindMovesAsync(VoronkaDbContext db, MergeEntity entity, int id, CancellationToken ct)
    {
        var company = entity == MergeEntity.Company;
        var owner = company ? FileOwner.Company : FileOwner.Contact;
        var type = entity.ToString();
        var deals = db.Deals.IgnoreQueryFilters();
        var activities = db.Activities.AsQueryable();
        var calls = db.Set<Call>().AsQueryable();
        var leads = db.Leads.AsQueryable();
        return new Moved(
            await (company ? deals.Where(d => d.CompanyId == id) : deals.Where(d => d.ContactId == id)).Select(d => d.Id).ToListAsync(ct),
            company ? await db.Contacts.IgnoreQueryFilters().Where(c => c.CompanyId == id).Select(c => c.Id).ToListAsync(ct) : [],
            await (company ? activities.Where(a => a.CompanyId == id) : activities.Where(a => a.ContactId == id)).Select(a => a.Id)
                .ToListAsync(ct),
            await (company ? calls.Where(c => c.CompanyId == id) : calls.Where(c => c.ContactId == id)).Select(c => c.Id).ToListAsync(ct),
            await (company ? leads.Where(l => l.CompanyId == id) : leads.Where(l => l.ContactId == id)).Select(l => l.Id).ToListAsync(ct),
            await db.Set<Attachment>().Where(f => f.OwnerType == owner && f.OwnerId == id).Select(f => f.Id).ToListAsync(ct),
            // The "created" row stays with the record: who made the duplicate is still told by it.
            await db.AuditEntries.Where(a => a.EntityType == type && a.EntityId == id && a.Field != "created").Select(a => a.Id)
                .ToListAsync(ct));
    }

    private static Task MoveAsync(VoronkaDbContext db, MergeEntity entity, Moved m, int to, CancellationToken ct) =>
        SetAsync(db, entity, m, to, null, ct);

    private static Task MoveBackAsync(VoronkaDbContext db, MergeEntity entity, Moved m, int keptId, int mergedId, CancellationToken ct) =>
        SetAsync(db, entity, m, mergedId, keptId, ct);

    /// <summary>Points the rows of <paramref name="m"/> at <paramref name="to"/>; on undo only those that still point at
    /// <paramref name="onlyFrom"/> (a row moved elsewhere since stays where it was put).</summary>
    private static async Task SetAsync(VoronkaDbContext db, MergeEntity entity, Moved m, int to, int? onlyFrom, CancellationToken ct)
    {
        var company = entity == MergeEntity.Company;
        var type = entity.ToString();
        var owner = company ? FileOwner.Company : FileOwner.Contact;
        int? from = onlyFrom;
        await RepointAsync(db.Deals.IgnoreQueryFilters().Where(d => m.Deals.Contains(d.Id)),
            company ? d => d.CompanyId : d => d.ContactId, to, from, ct, s => s.SetProperty(d => d.Version, d => d.Version + 1));
        if (company)
            await RepointAsync(db.Contacts.IgnoreQueryFilters().Where(c => m.Contacts.Contains(c.Id)), c => c.CompanyId, to, from, ct,
                s => s.SetProperty(c => c.Version, c => c.Version + 1));
        await RepointAsync(db.Activities.Where(a => m.Activities.Contains(a.Id)), company ? a => a.CompanyId : a => a.ContactId, to,
            from, ct);
        await RepointAsync(db.Set<Call>().Where(c => m.Calls.Contains(c.Id)), company ? c => c.CompanyId : c => c.ContactId, to, from,
            ct);
        await RepointAsync(db.Leads.Where(l => m.Leads.Contains(l.Id)), company ? l => l.CompanyId : l => l.ContactId, to, from, ct);
        await db.Set<Attachment>().Where(f => m.Files.Contains(f.Id) && f.OwnerType == owner && (from == null || f.OwnerId == from))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.OwnerId, to), ct);
        await db.AuditEntries.Where(a => m.History.Contains(a.Id) && a.EntityType == type && (from == null || a.EntityId == from))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EntityId, to), ct);
    }

    /// <summary>Sets <paramref name="key"/> of the rows to <paramref name="to"/>; with <paramref name="from"/>, only of the rows
    /// where it is still that.</summary>
    private static Task RepointAsync<T>(IQueryable<T> rows, Expression<Func<T, int?>> key, int to, int? from, CancellationToken ct,
        Action<UpdateSettersBuilder<T>>? also = null) where T : class
    {
        if (from is int f)
            rows = rows.Where(Predicates.Equal(key, f));
        return rows.ExecuteUpdateAsync(s =>
        {
            s.SetProperty(key, to);
            also?.Invoke(s);
        }, ct);
    }
}
