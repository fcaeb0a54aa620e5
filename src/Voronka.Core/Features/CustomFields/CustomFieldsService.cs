using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Deals;

namespace Voronka.Core.Features.CustomFields;

public sealed record CustomFieldRequest(CustomFieldEntity? Entity, string? Key, string? Name, CustomFieldType? Type, IReadOnlyList<string>? Options = null, bool IsActive = true);

public sealed record CustomFieldResponse(int Id, CustomFieldEntity Entity, string Key, string Name, CustomFieldType Type, IReadOnlyList<string> Options, int Position, bool IsActive);

/// <summary>Custom field definitions per record type; the director keeps them.</summary>
public sealed partial class CustomFieldsService(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex KeyPattern();

    public async Task<IReadOnlyList<CustomFieldResponse>> ListAsync(Actor actor, CustomFieldEntity? entity, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.CustomFields.AsQueryable();
        if (entity is not null) q = q.Where(f => f.Entity == entity);
        var list = await q.OrderBy(f => f.Entity).ThenBy(f => f.Position).ThenBy(f => f.Id).ToListAsync(ct);
        return list.Select(ToResponse).ToList();
    }

    public async Task<CustomFieldResponse> GetAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return ToResponse(await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("Custom field", id));
    }

    public async Task<CustomFieldResponse> CreateAsync(Actor actor, CustomFieldRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var v = new Validator();
        if (r.Entity is null) v.Add("entity", "is required: Deal, Company or Contact.");
        if (r.Type is null) v.Add("type", "is required.");
        if (r.Key is null || !KeyPattern().IsMatch(r.Key)) v.Add("key", "must start with a latin letter and hold only a-z, 0-9 and '_' (at most 64).");
        else if (r.Entity is not null && await db.CustomFields.AnyAsync(f => f.Entity == r.Entity && f.Key == r.Key, ct)) v.Add("key", "is already used by another field.");
        Common(r, r.Type, v);
        v.ThrowIfInvalid();
        var field = new CustomFieldDefinition
        {
            Entity = r.Entity!.Value,
            Key = r.Key!,
            Type = r.Type!.Value,
            Position = await db.CustomFields.CountAsync(f => f.Entity == r.Entity, ct),
        };
        Apply(field, r);
        db.CustomFields.Add(field);
        await db.SaveChangesAsync(ct);
        return ToResponse(field);
    }

    /// <summary>Renames a field, changes its options or switches it off. Its entity, key and type are fixed once created.</summary>
    public async Task<CustomFieldResponse> UpdateAsync(Actor actor, int id, CustomFieldRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var field = await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("Custom field", id);
        var v = new Validator();
        if (r.Entity is not null && r.Entity != field.Entity) v.Add("entity", "cannot be changed.");
        if (r.Key is not null && r.Key != field.Key) v.Add("key", "cannot be changed.");
        if (r.Type is not null && r.Type != field.Type) v.Add("type", "cannot be changed.");
        Common(r, field.Type, v);
        if (!r.IsActive && field.Entity == CustomFieldEntity.Deal && await RequiredByStageAsync(db, field.Key, ct))
            v.Add("isActive", "the field is required by a stage; remove it from the stage first.");
        v.ThrowIfInvalid();
        Apply(field, r);
        await db.SaveChangesAsync(ct);
        return ToResponse(field);
    }

    /// <summary>Deletes the definition. Stored values stay in the records' history but are no longer shown.</summary>
    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var field = await db.CustomFields.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("Custom field", id);
        if (field.Entity == CustomFieldEntity.Deal && await RequiredByStageAsync(db, field.Key, ct))
            throw new ConflictException("The field is required by a stage; remove it from the stage first.");
        db.CustomFields.Remove(field);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<bool> RequiredByStageAsync(VoronkaDbContext db, string key, CancellationToken ct)
    {
        var required = DealFields.CustomPrefix + key;
        var lists = await db.Stages.Select(s => s.RequiredFields).ToListAsync(ct);
        return lists.Any(l => l.Contains(required));
    }

    private static void Common(CustomFieldRequest r, CustomFieldType? type, Validator v)
    {
        v.Required(r.Name, "name", 200);
        var options = r.Options ?? [];
        if (type == CustomFieldType.Select)
        {
            if (options.Count == 0) v.Add("options", "a select list needs at least one option.");
            if (options.Count > 200) v.Add("options", "must have at most 200 options.");
            if (options.Any(string.IsNullOrWhiteSpace)) v.Add("options", "must not contain empty options.");
            if (options.Any(o => o.Length > 200)) v.Add("options", "each option must be at most 200 characters.");
            if (options.Select(o => o.Trim()).Distinct().Count() != options.Count) v.Add("options", "must not repeat.");
        }
        else if (options.Count > 0) v.Add("options", "only a select list has options.");
    }

    private static void Apply(CustomFieldDefinition f, CustomFieldRequest r)
    {
        f.Name = r.Name!.Trim();
        f.Options = (r.Options ?? []).Select(o => o.Trim()).ToList();
        f.IsActive = r.IsActive;
    }

    private static CustomFieldResponse ToResponse(CustomFieldDefinition f) => new(f.Id, f.Entity, f.Key, f.Name, f.Type, f.Options, f.Position, f.IsActive);
}
