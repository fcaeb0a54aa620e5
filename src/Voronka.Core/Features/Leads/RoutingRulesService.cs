using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Leads;

/// <summary>A routing rule as the director writes it: the conditions (each left out for any), a team or people (with
/// weights for <see cref="RoutingStrategy.Weighted"/>), the strategy, and the accept time and passes.</summary>
public sealed record RoutingRuleRequest(
    string? Name,
    RoutingStrategy? Strategy = null,
    int? TeamId = null,
    IReadOnlyDictionary<int, decimal>? People = null,
    LeadChannel? Channel = null,
    string? Source = null,
    int? FormId = null,
    int? RegionId = null,
    int? ProductId = null,
    int? HourFrom = null,
    int? HourTo = null,
    int? Position = null,
    bool IsActive = true,
    int? AcceptMinutes = null,
    int? MaxPasses = null,
    int? Version = null);

public sealed record RoutingRuleResponse(
    int Id, string Name, int Position, bool IsActive, RoutingStrategy Strategy, int? TeamId, IReadOnlyDictionary<int, decimal> People,
    LeadChannel? Channel, string? Source, int? FormId, int? RegionId, int? ProductId, int? HourFrom, int? HourTo, int AcceptMinutes,
    int MaxPasses, int Version);

/// <summary>The director's routing rules, tried in order of <c>position</c>.</summary>
public sealed class RoutingRulesService(IDbContextFactory<VoronkaDbContext> factory)
{
    public async Task<IReadOnlyList<RoutingRuleResponse>> ListAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rules = await db.RoutingRules.AsNoTracking().OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        return rules.Select(Response).ToList();
    }

    public async Task<RoutingRuleResponse> CreateAsync(Actor actor, RoutingRuleRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = new RoutingRule { Position = r.Position ?? (await db.RoutingRules.MaxAsync(x => (int?)x.Position, ct) ?? 0) + 10 };
        await ApplyAsync(db, rule, r, ct);
        db.RoutingRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return Response(rule);
    }

    public async Task<RoutingRuleResponse> UpdateAsync(Actor actor, int id, RoutingRuleRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.RoutingRules.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("rule", id);
        if (r.Version is int v && v != rule.Version)
            throw new ConflictException("The rule was changed by someone else. Reload it and apply your change again.");
        await ApplyAsync(db, rule, r, ct);
        if (r.Position is int position) rule.Position = position;
        await db.SaveChangesAsync(ct);
        return Response(rule);
    }

    /// <summary>Moves a rule up (<paramref name="by"/> −1) or down (+1) in the order they are tried: it changes places with
    /// its neighbour, and the order is renumbered in steps of ten, in one transaction.</summary>
    public async Task<IReadOnlyList<RoutingRuleResponse>> MoveAsync(Actor actor, int id, int by, CancellationToken ct)
    {
        actor.RequireDirector();
        if (by is not (-1 or 1)) throw ValidationFailedException.For("by", "must be -1 (up) or 1 (down).");
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rules = await db.RoutingRules.OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct);
        var at = rules.FindIndex(r => r.Id == id);
        if (at < 0) throw new NotFoundException("rule", id);
        if (at + by >= 0 && at + by < rules.Count) (rules[at], rules[at + by]) = (rules[at + by], rules[at]);
        for (var i = 0; i < rules.Count; i++) rules[i].Position = (i + 1) * 10;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return rules.Select(Response).ToList();
    }

    public async Task DeleteAsync(Actor actor, int id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.RoutingRules.Where(x => x.Id == id).ExecuteDeleteAsync(ct) == 0) throw new NotFoundException("rule", id);
    }

    private static async Task ApplyAsync(VoronkaDbContext db, RoutingRule rule, RoutingRuleRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        v.MaxLength(r.Source, "source", 200);
        v.Check(r.Strategy is not null, "strategy", "is required: roundRobin, weighted, leastLoaded or byResults.");
        var people = r.People ?? new Dictionary<int, decimal>();
        v.Check((r.TeamId is null) != (people.Count == 0), "teamId", "name a team or people, one of the two.");
        v.Check(people.Values.All(w => w is >= 0 and <= 1000), "people", "weights must be between 0 and 1000.");
        v.Check((r.HourFrom is null) == (r.HourTo is null), "hourTo", "is given with hourFrom, or both are left out.");
        v.Check(r.HourFrom is null or (>= 0 and <= 23), "hourFrom", "must be an hour from 0 to 23.");
        v.Check(r.HourTo is null or (>= 0 and <= 24), "hourTo", "must be an hour from 0 to 24.");
        v.Check(r.AcceptMinutes is null or (>= 1 and <= 10_080), "acceptMinutes", "must be between 1 and 10080 (a week).");
        v.Check(r.MaxPasses is null or (>= 0 and <= 20), "maxPasses", "must be between 0 and 20.");
        if (r.TeamId is int team && !await db.Teams.AnyAsync(t => t.Id == team, ct)) v.Add("teamId", "does not exist.");
        if (people.Count > 0)
        {
            var ids = people.Keys.ToList();
            var sellers = await db.Users.CountAsync(u => ids.Contains(u.Id) && (u.Role == UserRole.Manager || u.Role == UserRole.Senior),
                ct);
            v.Check(sellers == ids.Count, "people", "must all be managers or seniors.");
        }
        await LeadMatching.CheckReferencesAsync(db, v, r.RegionId, r.ProductId, r.FormId, ct);
        v.ThrowIfInvalid();
        (rule.Name, rule.Strategy, rule.TeamId, rule.People, rule.Channel) = (r.Name!.Trim(), r.Strategy!.Value, r.TeamId,
            new Dictionary<int, decimal>(people), r.Channel);
        (rule.Source, rule.FormId, rule.RegionId, rule.ProductId, rule.HourFrom, rule.HourTo, rule.IsActive) = (
            string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(), r.FormId, r.RegionId, r.ProductId, r.HourFrom, r.HourTo,
            r.IsActive);
        (rule.AcceptMinutes, rule.MaxPasses) = (r.AcceptMinutes ?? rule.AcceptMinutes, r.MaxPasses ?? rule.MaxPasses);
    }

    private static RoutingRuleResponse Response(RoutingRule r) => new(r.Id, r.Name, r.Position, r.IsActive, r.Strategy, r.TeamId, r.People,
        r.Channel, r.Source, r.FormId, r.RegionId, r.ProductId, r.HourFrom, r.HourTo, r.AcceptMinutes, r.MaxPasses, r.Version);
}
