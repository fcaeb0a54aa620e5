using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.People;

public sealed record SetupRequest(string? Login, string? FullName, string? Password, string? Email = null, string? OrganisationName = null);

/// <summary>First run: while the database holds no users, anyone may create the director. Afterwards this door is shut.</summary>
public sealed class SetupService(IDbContextFactory<VoronkaDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<bool> IsNeededAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.Users.AnyAsync(ct);
    }

    public async Task<UserResponse> CreateFirstDirectorAsync(SetupRequest r, CancellationToken ct = default)
    {
        var v = new Validator();
        v.Required(r.Login, "login", 64).Required(r.FullName, "fullName", 200).MaxLength(r.OrganisationName, "organisationName", 200);
        if (string.IsNullOrEmpty(r.Password)) v.Add("password", "is required.");
        v.ThrowIfInvalid();
        await Gate.WaitAsync(ct);
        try
        {
            if (!await IsNeededAsync(ct)) throw new ConflictException("The organisation is already set up; sign in as its director.");
            using var scope = scopes.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser
            {
                UserName = r.Login!.Trim(),
                FullName = r.FullName!.Trim(),
                Email = string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim().ToLowerInvariant(),
                Role = UserRole.Director,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                EmailConfirmed = true,
                LockoutEnabled = true,
            };
            var result = await users.CreateAsync(user, r.Password!);
            if (!result.Succeeded)
                throw new ValidationFailedException(result.Errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "login")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
            if (!string.IsNullOrWhiteSpace(r.OrganisationName))
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var org = await db.Organisation.FirstOrDefaultAsync(ct);
                if (org is not null) { org.Name = r.OrganisationName.Trim(); await db.SaveChangesAsync(ct); }
            }
            return new UserResponse(user.Id, user.UserName, user.FullName, user.Email, user.Role, null, null, null, true, null);
        }
        finally
        {
            Gate.Release();
        }
    }
}
