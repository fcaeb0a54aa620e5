using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.People;

public sealed record UserResponse(int Id, string Login, string FullName, string? Email, UserRole Role, int? TeamId, string? TeamName, int? RegionId, bool IsActive, string? Culture);

public sealed record CreateUserRequest(string? Login, string? FullName, string? Password, UserRole? Role, string? Email = null, int? TeamId = null, int? RegionId = null, string? Culture = null);

/// <summary>Changes a user. <see cref="IsActive"/> left out keeps the account as it is.</summary>
public sealed record UpdateUserRequest(string? FullName, UserRole? Role, string? Email = null, int? TeamId = null, int? RegionId = null, bool? IsActive = null, string? Culture = null);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record UserQuery
{
    public UserRole? Role { get; init; }
    public int? TeamId { get; init; }
    public bool? IsActive { get; init; }
}

public sealed record TeamRequest(string? Name, int? LeaderId = null);

public sealed record TeamResponse(int Id, string Name, int? LeaderId, string? LeaderName, IReadOnlyList<int> MemberIds);

public sealed record RegionRequest(string? Name);

public sealed record RegionResponse(int Id, string Name);

/// <summary>The team: users with their roles, teams led by seniors, and regions. Everyone reads; the director changes.</summary>
public sealed class PeopleService(IDbContextFactory<VoronkaDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly string[] Cultures = ["ru", "en"];

    public async Task<IReadOnlyList<UserResponse>> ListUsersAsync(Actor actor, UserQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Users.AsQueryable();
        if (query.Role is UserRole role) q = q.Where(u => u.Role == role);
        if (query.TeamId is int team) q = q.Where(u => u.TeamId == team);
        if (query.IsActive is bool active) q = q.Where(u => u.IsActive == active);
        return await Project(q.OrderBy(u => u.FullName).ThenBy(u => u.Id)).ToListAsync(ct);
    }

    public async Task<UserResponse> GetUserAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Users.Where(u => u.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("User", id);
    }

    public async Task<UserResponse> CreateUserAsync(Actor actor, CreateUserRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var v = new Validator();
        v.Required(r.Login, "login", 64).Required(r.FullName, "fullName", 200);
        if (r.Role is null) v.Add("role", "is required: Director, Senior, Manager or Assistant.");
        if (string.IsNullOrEmpty(r.Password)) v.Add("password", "is required.");
        var login = r.Login?.Trim();
        if (login is not null && await db.Users.AnyAsync(u => u.NormalizedUserName == login.ToUpperInvariant(), ct)) v.Add("login", "is already taken.");
        await CheckCommonAsync(db, 0, r.Email, r.TeamId, r.RegionId, r.Culture, v, ct);
        v.ThrowIfInvalid();

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = login,
            FullName = r.FullName!.Trim(),
            Email = Contacts.ContactNormalizer.Email(r.Email),
            Role = r.Role!.Value,
            TeamId = r.TeamId,
            RegionId = r.RegionId,
            Culture = r.Culture,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, r.Password!);
        if (!result.Succeeded) throw Identity(result);
        return await GetUserAsync(actor, user.Id, ct);
    }

    public async Task<UserResponse> UpdateUserAsync(Actor actor, int id, UpdateUserRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("User", id);
        var v = new Validator();
        v.Required(r.FullName, "fullName", 200);
        if (r.Role is null) v.Add("role", "is required.");
        await CheckCommonAsync(db, id, r.Email, r.TeamId, r.RegionId, r.Culture, v, ct);
        var active = r.IsActive ?? user.IsActive;
        var losesDirector = user.Role == UserRole.Director && user.IsActive && (r.Role != UserRole.Director || !active);
        if (losesDirector && !await db.Users.AnyAsync(u => u.Id != id && u.Role == UserRole.Director && u.IsActive, ct))
            v.Add(active ? "role" : "isActive", "the organisation must keep at least one active director.");
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.FullName = r.FullName!.Trim();
        user.Email = Contacts.ContactNormalizer.Email(r.Email);
        user.NormalizedEmail = user.Email?.ToUpperInvariant();
        if (user.Role == UserRole.Senior && r.Role != UserRole.Senior)
            await db.Teams.Where(t => t.LeaderId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaderId, (int?)null), ct);
        user.Role = r.Role!.Value;
        user.TeamId = r.TeamId;
        user.RegionId = r.RegionId;
        user.Culture = r.Culture;
        if (user.IsActive && !active)
        {
            // A deactivated user keeps the history but loses every way in.
            await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow().UtcDateTime), ct);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        user.IsActive = active;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetUserAsync(actor, id, ct);
    }

    public async Task ChangePasswordAsync(Actor actor, ChangePasswordRequest r, CancellationToken ct = default)
    {
        var v = new Validator();
        if (string.IsNullOrEmpty(r.CurrentPassword)) v.Add("currentPassword", "is required.");
        if (string.IsNullOrEmpty(r.NewPassword)) v.Add("newPassword", "is required.");
        v.ThrowIfInvalid();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(actor.UserId.ToString()) ?? throw new NotFoundException("User", actor.UserId);
        var result = await users.ChangePasswordAsync(user, r.CurrentPassword!, r.NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
                throw ValidationFailedException.For("currentPassword", "is not your current password.");
            throw Identity(result, "newPassword");
        }
        // Sessions opened with the old password end; personal tokens for integrations stay.
        await RevokeTokensAsync(actor.UserId, sessionsOnly: true, ct);
    }

    private async Task RevokeTokensAsync(int userId, bool sessionsOnly, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null && (!sessionsOnly || t.Kind == Auth.ApiTokenKind.Session))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    /// <summary>Sets a user's password (the director resetting it for someone).</summary>
    public async Task SetPasswordAsync(Actor actor, int id, string? password, CancellationToken ct = default)
    {
        actor.RequireDirector();
        if (string.IsNullOrEmpty(password)) throw ValidationFailedException.For("password", "is required.");
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new NotFoundException("User", id);
        var check = await ValidatePasswordAsync(users, user, password);
        if (!check.Succeeded) throw Identity(check);
        await users.RemovePasswordAsync(user);
        var result = await users.AddPasswordAsync(user, password);
        if (!result.Succeeded) throw Identity(result);
        // A reset is what follows a leak: every token of the account ends, and every session with the new stamp.
        await RevokeTokensAsync(id, sessionsOnly: false, ct);
    }

    private static async Task<IdentityResult> ValidatePasswordAsync(UserManager<AppUser> users, AppUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var r = await validator.ValidateAsync(users, user, password);
            if (!r.Succeeded) return r;
        }
        return IdentityResult.Success;
    }

    private static ValidationFailedException Identity(IdentityResult result, string passwordField = "password")
    {
        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordField
                : e.Code.Contains("UserName", StringComparison.Ordinal) ? "login"
                : e.Code.Contains("Email", StringComparison.Ordinal) ? "email" : "user")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return new ValidationFailedException(errors);
    }

    private static async Task CheckCommonAsync(VoronkaDbContext db, int userId, string? email, int? teamId, int? regionId, string? culture, Validator v, CancellationToken ct)
    {
        var normalized = Contacts.ContactNormalizer.Email(email);
        if (!string.IsNullOrWhiteSpace(email) && normalized is null) v.Add("email", "is not an email address.");
        // Sign-in accepts the email instead of the login, so it must point at one person.
        else if (normalized is not null && await db.Users.AnyAsync(u => u.NormalizedEmail == normalized.ToUpperInvariant() && u.Id != userId, ct))
            v.Add("email", "is already used by another user.");
        if (teamId is int t && !await db.Teams.AnyAsync(x => x.Id == t, ct)) v.Add("teamId", "does not exist.");
        if (regionId is int r && !await db.Regions.AnyAsync(x => x.Id == r, ct)) v.Add("regionId", "does not exist.");
        if (culture is not null && !Cultures.Contains(culture)) v.Add("culture", "must be ru or en.");
    }

    private static IQueryable<UserResponse> Project(IQueryable<AppUser> q) =>
        q.Select(u => new UserResponse(u.Id, u.UserName!, u.FullName, u.Email, u.Role, u.TeamId, u.Team != null ? u.Team.Name : null, u.RegionId, u.IsActive, u.Culture));

    // ---- teams ----

    public async Task<IReadOnlyList<TeamResponse>> ListTeamsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await db.Teams.OrderBy(t => t.Name).Select(t => new
        {
            t.Id, t.Name, t.LeaderId,
            LeaderName = db.Users.Where(u => u.Id == t.LeaderId).Select(u => u.FullName).FirstOrDefault(),
        }).ToListAsync(ct);
        var members = await db.Users.Where(u => u.TeamId != null).Select(u => new { u.Id, u.TeamId }).ToListAsync(ct);
        return teams.Select(t => new TeamResponse(t.Id, t.Name, t.LeaderId, t.LeaderName,
            members.Where(m => m.TeamId == t.Id).Select(m => m.Id).Order().ToList())).ToList();
    }

    public async Task<TeamResponse> GetTeamAsync(Actor actor, int id, CancellationToken ct = default) =>
        (await ListTeamsAsync(actor, ct)).FirstOrDefault(t => t.Id == id) ?? throw new NotFoundException("Team", id);

    public async Task<TeamResponse> CreateTeamAsync(Actor actor, TeamRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = new Team();
        await SaveTeamAsync(db, team, r, ct);
        return await GetTeamAsync(actor, team.Id, ct);
    }

    public async Task<TeamResponse> UpdateTeamAsync(Actor actor, int id, TeamRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Team", id);
        await SaveTeamAsync(db, team, r, ct);
        return await GetTeamAsync(actor, team.Id, ct);
    }

    public async Task DeleteTeamAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Team", id);
        if (await db.Users.AnyAsync(u => u.TeamId == id, ct)) throw new ConflictException("The team has members; move them to another team first.");
        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
    }

    private static async Task SaveTeamAsync(VoronkaDbContext db, Team team, TeamRequest r, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        var name = r.Name?.Trim();
        if (name is not null && await db.Teams.AnyAsync(t => t.Name == name && t.Id != team.Id, ct)) v.Add("name", "is already taken by another team.");
        AppUser? leader = null;
        if (r.LeaderId is int lid)
        {
            leader = await db.Users.FirstOrDefaultAsync(u => u.Id == lid, ct);
            if (leader is null || !leader.IsActive || leader.Role != UserRole.Senior) v.Add("leaderId", "must be an active senior manager.");
            else if (await db.Teams.AnyAsync(t => t.LeaderId == lid && t.Id != team.Id, ct)) v.Add("leaderId", "already leads another team.");
        }
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        team.Name = name!;
        team.LeaderId = r.LeaderId;
        if (team.Id == 0) db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        if (leader is not null) { leader.TeamId = team.Id; await db.SaveChangesAsync(ct); }
        await tx.CommitAsync(ct);
    }

    // ---- regions ----

    public async Task<IReadOnlyList<RegionResponse>> ListRegionsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Regions.OrderBy(r => r.Name).Select(r => new RegionResponse(r.Id, r.Name)).ToListAsync(ct);
    }

    public async Task<RegionResponse> GetRegionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Regions.Where(r => r.Id == id).Select(r => new RegionResponse(r.Id, r.Name)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Region", id);
    }

    public async Task<RegionResponse> SaveRegionAsync(Actor actor, int? id, RegionRequest r, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var region = id is int rid ? await db.Regions.FirstOrDefaultAsync(x => x.Id == rid, ct) ?? throw new NotFoundException("Region", rid) : new Region();
        var v = new Validator();
        v.Required(r.Name, "name", 200);
        var name = r.Name?.Trim();
        if (name is not null && await db.Regions.AnyAsync(x => x.Name == name && x.Id != region.Id, ct)) v.Add("name", "is already taken by another region.");
        v.ThrowIfInvalid();
        region.Name = name!;
        if (region.Id == 0) db.Regions.Add(region);
        await db.SaveChangesAsync(ct);
        return new RegionResponse(region.Id, region.Name);
    }

    public async Task DeleteRegionAsync(Actor actor, int id, CancellationToken ct = default)
    {
        actor.RequireDirector();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var region = await db.Regions.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Region", id);
        if (await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.RegionId == id, ct)
            || await db.Companies.IgnoreQueryFilters().AnyAsync(c => c.RegionId == id, ct)
            || await db.Users.AnyAsync(u => u.RegionId == id, ct))
            throw new ConflictException("The region is used by deals, companies or users.");
        db.Regions.Remove(region);
        await db.SaveChangesAsync(ct);
    }
}
