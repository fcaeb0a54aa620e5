using System.Globalization;
using System.Security.Claims;
using Voronka.Core.Common;
using Voronka.Core.Features.People;

namespace Voronka.Web.Infrastructure;

/// <summary>Moves the acting user between claims and the <see cref="Actor"/> the services take.</summary>
internal static class ActorClaims
{
    public const string TeamClaim = "voronka:team";
    public const string TokenItem = "voronka:token";
    public const string ScopeClaim = "voronka:scope";

    public static IEnumerable<Claim> For(AppUser user, string? scope = null)
    {
        if (scope is not null) yield return new Claim(ScopeClaim, scope);
        yield return new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture));
        yield return new Claim(ClaimTypes.Name, user.UserName ?? "");
        yield return new Claim(ClaimTypes.Role, user.Role.ToString());
        if (user.TeamId is int team) yield return new Claim(TeamClaim, team.ToString(CultureInfo.InvariantCulture));
    }

    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new AuthenticationFailedException("Not signed in.");
        var role = Enum.Parse<UserRole>(principal.FindFirstValue(ClaimTypes.Role)!);
        var team = principal.FindFirstValue(TeamClaim);
        var teamId = team is null ? (int?)null : int.Parse(team, CultureInfo.InvariantCulture);
        return new Actor(int.Parse(id, CultureInfo.InvariantCulture), role, teamId,
            principal.FindFirstValue(ScopeClaim) == Core.Features.Auth.ApiTokenScopes.Import);
    }
}
