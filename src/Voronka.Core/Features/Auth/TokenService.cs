using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Auth;

public sealed record TokenRequest(string? Login, string? Password);

public sealed record TokenResponse(string Token, DateTime ExpiresAt);

/// <summary>A personal token to create. <see cref="Scope"/>: <c>import</c> (a director's only) lets the token date deals'
/// creation, moves and closing in the past.</summary>
public sealed record PersonalTokenRequest(string? Name, int? ExpiresInDays = null, string? Scope = null);

/// <summary>The user behind a valid token, and the token's scope.</summary>
public sealed record ValidToken(AppUser User, string? Scope);

/// <summary>A personal token as listed: never the secret itself; when and from which address it was last used.</summary>
public sealed record PersonalTokenResponse(
    int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt, string? Scope,
    string? LastUsedFrom = null);

/// <summary>A personal token just created: the only time its secret is shown.</summary>
public sealed record CreatedPersonalTokenResponse(int Id, string Name, string Token, DateTime? ExpiresAt, string? Scope = null);

/// <summary>Issues, checks and revokes bearer tokens. Only hashes are stored, so a leaked database holds no usable token.</summary>
public sealed class TokenService(IDbContextFactory<VoronkaDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock,
    SignIns signIns)
{
    public const string Prefix = "vk_";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>Checks a login (or email) and password, for the API and the web sign-in alike. Every failure costs the caller
    /// a growing pause, and five in a row lock the account for a while. Each attempt is kept (<see cref="SignIns"/>).</summary>
    public async Task<AppUser> VerifyAsync(TokenRequest request, SignInSource source, CancellationToken ct = default)
    {
        var v = new Validator();
        v.Required(request.Login, "login", 256);
        if (string.IsNullOrEmpty(request.Password)) v.Add("password", "is required.");
        v.ThrowIfInvalid();

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var login = request.Login!.Trim();
        var user = await users.FindByNameAsync(login) ?? (login.Contains('@') ? await users.FindByEmailAsync(login) : null);
        if (user is null)
        {
            await signIns.RecordAsync(source, login, null, SignInOutcome.UnknownLogin, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(300), clock, ct);
            throw new AuthenticationFailedException("Wrong login or password.");
        }
        async Task ThrowIfLockedOutAsync()
        {
            if (!await users.IsLockedOutAsync(user)) return;
            await signIns.RecordAsync(source, login, user.Id, SignInOutcome.LockedOut, ct);
            // Identity stamps the lockout's end on the machine's clock, so the wait is measured on that clock too.
            var until = await users.GetLockoutEndDateAsync(user) ?? DateTimeOffset.UtcNow;
            throw new TooManyAttemptsException(until - DateTimeOffset.UtcNow);
        }

        await ThrowIfLockedOutAsync();
        if (!await users.CheckPasswordAsync(user, request.Password!))
        {
            await users.AccessFailedAsync(user);
            await Task.Delay(TimeSpan.FromMilliseconds(150 * Math.Min(await users.GetAccessFailedCountAsync(user) + 1, 6)), clock, ct);
            await ThrowIfLockedOutAsync();
            await signIns.RecordAsync(source, login, user.Id, SignInOutcome.WrongPassword, ct);
            throw new AuthenticationFailedException("Wrong login or password.");
        }
        if (!user.IsActive)
        {
            await signIns.RecordAsync(source, login, user.Id, SignInOutcome.Deactivated, ct);
            throw new AuthenticationFailedException("The account is deactivated.");
        }
        await users.ResetAccessFailedCountAsync(user);
        await signIns.RecordAsync(source, login, user.Id, SignInOutcome.SignedIn, ct);
        return user;
    }

    /// <summary>Checks a login and password and issues a session token.</summary>
    public async Task<TokenResponse> LoginAsync(TokenRequest request, SignInSource source, CancellationToken ct = default)
    {
        var user = await VerifyAsync(request, source, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + SessionLifetime;
        var (secret, token) = NewToken(user.Id, ApiTokenKind.Session, "session", now, expires);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Expired session tokens of this user are cleared on the way.
        await db.ApiTokens.Where(t => t.UserId == user.Id && t.Kind == ApiTokenKind.Session && t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new TokenResponse(secret, expires);
    }

    /// <summary>Finds the active user behind a bearer token, or null when the token is unknown, expired, revoked or the user is
    /// deactivated. The token's last use is kept: its moment (to the minute) and the address it came from.</summary>
    public async Task<ValidToken?> ValidateAsync(string token, string? address, CancellationToken ct = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        var hash = Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Valid(db, hash, now, ct);
        if (row is null) return null;
        var from = address is { Length: > 64 } ? address[..64] : address;
        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromMinutes(1) || row.LastUsedFrom != from)
            await db.ApiTokens.Where(t => t.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now).SetProperty(t => t.LastUsedFrom, from), ct);
        return new ValidToken(new AppUser { Id = row.UserId, UserName = row.UserName, Role = row.Role, TeamId = row.TeamId }, row.Scope);
    }

    // Every API request checks its token: compiled once rather than translated and looked up each time.
    private static readonly Func<VoronkaDbContext, string, DateTime, CancellationToken, Task<TokenRow?>> Valid =
        EF.CompileAsyncQuery((VoronkaDbContext db, string hash, DateTime now, CancellationToken ct) =>
            (from t in db.ApiTokens
             join u in db.Users on t.UserId equals u.Id
             where t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now) && u.IsActive
             select new TokenRow(t.Id, t.Scope, t.LastUsedAt, t.LastUsedFrom, u.Id, u.UserName, u.Role, u.TeamId)).FirstOrDefault());

    private sealed record TokenRow(int Id, string? Scope, DateTime? LastUsedAt, string? LastUsedFrom, int UserId, string? UserName,
        UserRole Role, int? TeamId);

    /// <summary>Revokes the token the caller is using (sign-out for API clients).</summary>
    public async Task RevokeCurrentAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt,
            now), ct);
    }

    public async Task<IReadOnlyList<PersonalTokenResponse>> ListPersonalAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.Where(t => t.UserId == actor.UserId && t.Kind == ApiTokenKind.Personal).OrderByDescending(t => t.Id)
            .Select(t => new PersonalTokenResponse(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.Scope,
                t.LastUsedFrom))
                .ToListAsync(ct);
    }

    public async Task<CreatedPersonalTokenResponse> CreatePersonalAsync(Actor actor, PersonalTokenRequest request,
        CancellationToken ct = default)
    {
        var v = new Validator();
        v.Required(request.Name, "name", 100);
        v.Check(request.ExpiresInDays is null or (>= 1 and <= 3650), "expiresInDays", "must be between 1 and 3650, or null for no expiry.");
        v.Check(request.Scope is null or ApiTokenScopes.Import, "scope", "must be import, or left out.");
        v.ThrowIfInvalid();
        if (request.Scope is not null) actor.RequireDirector();
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? expires = request.ExpiresInDays is int days ? now.AddDays(days) : null;
        var (secret, token) = NewToken(actor.UserId, ApiTokenKind.Personal, request.Name!.Trim(), now, expires);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        token.Scope = request.Scope;
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedPersonalTokenResponse(token.Id, token.Name, secret, expires, token.Scope);
    }

    public async Task RevokePersonalAsync(Actor actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == actor.UserId && t.Kind == ApiTokenKind.Personal,
            ct)
            ?? throw new NotFoundException("Token", id);
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private static (string Secret, ApiToken Row) NewToken(int userId, ApiTokenKind kind, string name, DateTime now, DateTime? expires)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, new ApiToken
        {
            UserId = userId,
            Kind = kind,
            Name = name,
            TokenHash = Hash(secret),
            Prefix = secret[..10],
            CreatedAt = now,
            ExpiresAt = expires,
        });
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
