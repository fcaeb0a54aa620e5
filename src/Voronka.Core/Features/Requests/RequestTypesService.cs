using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Requests;

public sealed record RequestTypeRequest(
    string? Name, int? SlaHours, int? AssigneeId, string? Description = null, IReadOnlyList<RequestField>? Fields = null,
    int? StandardMinutes = null, int? DeputyId = null, IReadOnlyList<EscalationStep>? Ladder = null,
    IReadOnlyList<int>? RequiredForStageIds = null, bool? IsActive = null, int? Version = null);

public sealed record RequestTypeResponse(
    int Id, string Name, string? Description, IReadOnlyList<RequestField> Fields, int SlaHours, int StandardMinutes, int AssigneeId,
    string AssigneeName, int? DeputyId, string? DeputyName, IReadOnlyList<EscalationStep> Ladder, IReadOnlyList<int> RequiredForStageIds,
    bool IsActive, int Version);

/// <summary>The request types the director keeps: forms, assistants, SLAs, ladders and the stages that need them.</summary>
public sealed class RequestTypesService(IDbContextFactory<VoronkaDbContext> factory)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task<IReadOnlyList<RequestTypeResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await ResponsesAsync(db, db.Set<RequestType>().Where(t => actor.IsDirector || t.IsActive), ct);
    }

    public async Task<RequestTypeResponse> CreateAsync(Actor actor, RequestTypeRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var type = new RequestType { Position = await db.Set<RequestType>().CountAsync(ct) };
        await ApplyAsync(db, type, r, ct);
        db.Add(type);
        await SaveAsync(db, ct);
        return (await ResponsesAsync(db, db.Set<RequestType>().Where(t => t.Id == type.Id), ct)).Single();
    }

    public async Task<RequestTypeResponse> UpdateAsync(Actor actor, int id, RequestTypeRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var type = await db.Set<RequestType>().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Request type", id);
        Versions.Check(db, type, r.Version, type.Version, "request type");
        await ApplyAsync(db, type, r, ct);
        await SaveAsync(db, ct);
        return (await ResponsesAsync(db, db.Set<RequestType>().Where(t => t.Id == id), ct)).Single();
    }

    private static async Task SaveAsync(VoronkaDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Versions.Conflict("request type");
        }
        catch (DbUpdateException)
        {
            throw ValidationFailedException.For("name", "is taken by another request type.");
        }
    }

    internal static IReadOnlyList<RequestField> Fields(string json) =>
        JsonSerializer.Deserialize<List<RequestField>>(json, Json) ?? [];

    internal static IReadOnlyList<EscalationStep> Ladder(string json) =>
        JsonSerializer.Deserialize<List<EscalationStep>>(json, Json) ?? [];

    private static async Task<IReadOnlyList<RequestTypeResponse>> ResponsesAsync(VoronkaDbContext db, IQueryable<RequestType> q,
        CancellationToken ct)
    {
        var rows = await q.OrderBy(t => t.Position).ThenBy(t => t.Id).Select(t => new
        {
            Type = t,
            Assignee = db.Users.Where(u => u.Id == t.AssigneeId).Select(u => u.FullName).FirstOrDefault(),
            Deputy = db.Users.Where(u => u.Id == t.DeputyId).Select(u => u.FullName).FirstOrDefault(),
        }).AsNoTracking().ToListAsync(ct);
        return rows.Select(x => new RequestTypeResponse(x.Type.Id, x.Type.Name, x.Type.Description, Fields(x.Type.FieldsJson),
            x.Type.SlaHours, x.Type.StandardMinutes, x.Type.AssigneeId, x.Assignee ?? "", x.Type.DeputyId, x.Deputy,
                Ladder(x.Type.LadderJson),
            x.Type.RequiredForStageIds, x.Type.IsActive, x.Type.Version)).ToList();
    }

    private static async Task ApplyAsync(VoronkaDbContext db, RequestType type, RequestTypeRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        v.MaxLength(r.Description, "description", 2000);
        v.Check(r.SlaHours is >= 1 and <= 1000, "slaHours", "must be from 1 to 1000 working hours.");
        v.Check(r.StandardMinutes is null or (>= 0 and <= 6000), "standardMinutes", "must be from 0 to 6000.");
        async Task Person(int? id, string field)
        {
            if (id is int pid && !await db.Users.AnyAsync(u => u.Id == pid && u.IsActive, ct)) v.Add(field, "must be an active user.");
        }
        if (r.AssigneeId is null) v.Add("assigneeId", "is required: who does these requests.");
        await Person(r.AssigneeId, "assigneeId");
        await Person(r.DeputyId, "deputyId");
        v.Check(r.DeputyId is null || r.DeputyId != r.AssigneeId, "deputyId", "must be another person than the assignee.");
        var fields = r.Fields ?? [];
        v.Check(fields.Count <= 30, "fields", "may hold at most 30 fields.");
        for (var i = 0; i < fields.Count; i++)
        {
            v.Check(System.Text.RegularExpressions.Regex.IsMatch(fields[i].Key ?? "", "^[a-z][a-z0-9_]{0,49}$"), $"fields[{i}].key",
                "must be latin lower-case letters, digits or _ starting with a letter (at most 50).");
            v.Required(fields[i].Name, $"fields[{i}].name", 200);
        }
        v.Check(fields.Select(f => f.Key).Distinct().Count() == fields.Count, "fields", "must have different keys.");
        var ladder = r.Ladder ?? [];
        v.Check(ladder.Count <= 5, "ladder", "may hold at most 5 steps.");
        v.Check(ladder.All(s => s.AfterHours is >= 0 and <= 1000), "ladder", "steps come from 0 to 1000 working hours after the due time.");
        v.Check(ladder.Zip(ladder.Skip(1)).All(p => p.First.AfterHours < p.Second.AfterHours), "ladder", "steps must be in growing hours.");
        v.Check(ladder.All(s => s.Target != EscalationTarget.Deputy) || r.DeputyId is not null, "ladder", "names the deputy, who is not "
            + "set.");
        var stages = (r.RequiredForStageIds ?? []).Distinct().ToList();
        if (stages.Count > 0 && await db.Stages.CountAsync(s => stages.Contains(s.Id), ct) != stages.Count)
            v.Add("requiredForStageIds", "names a stage that does not exist.");
        v.ThrowIfInvalid();
        (type.Name, type.Description, type.SlaHours) = (r.Name!.Trim(), Text.Clean(r.Description), r.SlaHours!.Value);
        (type.StandardMinutes, type.AssigneeId, type.DeputyId) = (r.StandardMinutes ?? 0, r.AssigneeId!.Value, r.DeputyId);
        type.FieldsJson = JsonSerializer.Serialize(fields.Select(f => f with { Key = f.Key.Trim(), Name = f.Name.Trim() }), Json);
        type.LadderJson = JsonSerializer.Serialize(ladder, Json);
        type.RequiredForStageIds = stages;
        type.IsActive = r.IsActive ?? type.IsActive;
    }
}
