using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Leads;

/// <summary>What a person can take: open leads and new ones a day at most (left out: no limit), and working hours of
/// their own (left out: the organisation's working hours).</summary>
public sealed record LeadCapacityRequest(int? MaxOpenLeads = null, int? MaxNewPerDay = null, TimeOnly? WorkFrom = null,
    TimeOnly? WorkTo = null, int? Version = null);

/// <summary>A pause a person sets for themselves: no new leads until the moment given (null resumes at once).</summary>
public sealed record LeadPauseRequest(DateTimeOffset? Until);

public sealed record LeadCapacityResponse(int UserId, int? MaxOpenLeads, int? MaxNewPerDay, TimeOnly WorkFrom, TimeOnly WorkTo,
    DateTime? PausedUntil, int OpenLeads, int Version);

/// <summary>A person's capacity beside what they hold: leads open (not yet taken), given today, away today;
/// <c>OwnHours</c> false: the hours are the organisation's.</summary>
public sealed record LeadCapacityRow(int UserId, string Name, string? TeamName, int? MaxOpenLeads, int? MaxNewPerDay, TimeOnly WorkFrom,
    TimeOnly WorkTo, DateTime? PausedUntil, int OpenLeads, int NewToday, bool AwayToday, int Version, bool OwnHours = false);

/// <summary>Each person's capacity for leads: the director keeps everyone's, a senior the team's; anyone pauses
/// themselves.</summary>
public sealed class LeadCapacityService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>The longest pause a person may set.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromDays(30);

    /// <summary>The sellers the director or a senior sees, with their capacity and load today.</summary>
    public async Task<IReadOnlyList<LeadCapacityRow>> ListAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director or a senior sees the team's capacity.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var people = await scope.Sellers().OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName, Team = db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(now, zone);
        var rows = await db.LeadCapacities.AsNoTracking().Where(c => ids.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, ct);
        var day = await LeadRouting.OrgHoursAsync(db, ct);
        var open = await LeadRouting.OpenLeadsAsync(db, ids, ct);
        var given = await LeadRouting.NewLeadsAsync(db, ids, OrgTime.StartOfDayUtc(today, zone), ct);
        var away = await db.Absences.Where(a => ids.Contains(a.UserId) && a.From <= today && a.To >= today).Select(a => a.UserId)
            .Distinct().ToListAsync(ct);
        return people.Select(p =>
        {
            var c = rows.GetValueOrDefault(p.Id);
            return new LeadCapacityRow(p.Id, p.FullName, p.Team, c?.MaxOpenLeads, c?.MaxNewPerDay,
                c?.WorkFrom ?? day.From, c?.WorkTo ?? day.To,
                c?.PausedUntil > now ? c.PausedUntil : null, open.GetValueOrDefault(p.Id),
                given.GetValueOrDefault(p.Id), away.Contains(p.Id), c?.Version ?? 0, c?.WorkFrom is not null);
        }).ToList();
    }

    public async Task<LeadCapacityResponse> GetAsync(Actor actor, int userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await SeenAsync(db, actor, userId, ct);
        return await ResponseAsync(db, userId, ct);
    }

    public async Task<LeadCapacityResponse> SetAsync(Actor actor, int userId, LeadCapacityRequest r, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director or a senior sets capacity.");
        var v = new Validator();
        v.Check(r.MaxOpenLeads is null or (>= 1 and <= 1000), "maxOpenLeads", "must be between 1 and 1000, or left out for no limit.");
        v.Check(r.MaxNewPerDay is null or (>= 1 and <= 1000), "maxNewPerDay", "must be between 1 and 1000, or left out for no limit.");
        v.Check((r.WorkFrom is null) == (r.WorkTo is null), "workTo", "is given with workFrom, or both are left out.");
        v.Check(r.WorkFrom is null || r.WorkTo is null || r.WorkFrom < r.WorkTo, "workTo", "must be after workFrom.");
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        await SeenAsync(db, actor, userId, ct);
        var row = await RowAsync(db, userId, r.Version, ct);
        (row.MaxOpenLeads, row.MaxNewPerDay, row.WorkFrom, row.WorkTo) = (r.MaxOpenLeads, r.MaxNewPerDay, r.WorkFrom, r.WorkTo);
        await db.SaveChangesAsync(ct);
        return await ResponseAsync(db, userId, ct);
    }

    public async Task<LeadCapacityResponse> PauseAsync(Actor actor, int userId, LeadPauseRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var v = new Validator();
        v.Check(r.Until is null || (r.Until > now && r.Until <= now + LongestPause), "until",
            "must be in the next 30 days, or left out to resume.");
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (userId != actor.UserId)
        {
            if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("A person pauses only themselves.");
            await SeenAsync(db, actor, userId, ct);
        }
        var row = await RowAsync(db, userId, null, ct);
        row.PausedUntil = r.Until?.UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await ResponseAsync(db, userId, ct);
    }

    private static async Task SeenAsync(VoronkaDbContext db, Actor actor, int userId, CancellationToken ct)
    {
        if (!await (await AccessScope.ForAsync(db, actor, ct)).People().AnyAsync(u => u.Id == userId, ct))
            throw new NotFoundException("user", userId);
    }

    private static async Task<LeadCapacity> RowAsync(VoronkaDbContext db, int userId, int? version, CancellationToken ct)
    {
        var row = await db.LeadCapacities.FirstOrDefaultAsync(c => c.UserId == userId, ct);
        if (row is null)
        {
            row = new LeadCapacity { UserId = userId };
            db.LeadCapacities.Add(row);
        }
        else if (version is int v && v != row.Version)
            throw new ConflictException("The capacity was changed by someone else. Reload it and apply your change again.");
        return row;
    }

    private static async Task<LeadCapacityResponse> ResponseAsync(VoronkaDbContext db, int userId, CancellationToken ct)
    {
        var row = await db.LeadCapacities.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, ct) ?? new LeadCapacity
        {
            UserId = userId,
        };
        var open = (await LeadRouting.OpenLeadsAsync(db, [userId], ct)).GetValueOrDefault(userId);
        var day = await LeadRouting.OrgHoursAsync(db, ct);
        return new LeadCapacityResponse(userId, row.MaxOpenLeads, row.MaxNewPerDay, row.WorkFrom ?? day.From, row.WorkTo ?? day.To,
            row.PausedUntil, open, row.Version);
    }
}
