using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Web.Infrastructure;

/// <summary>The actor behind a cookie-signed request, with role and team read afresh from the database.</summary>
public sealed class PeopleActor(IDbContextFactory<VoronkaDbContext> dbFactory)
{
    public async Task<Actor> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var id = int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new AuthenticationFailedException("Not signed in."), CultureInfo.InvariantCulture);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var u = await db.Users.Where(x => x.Id == id && x.IsActive).Select(x => new { x.Role, x.TeamId }).FirstOrDefaultAsync(ct)
            ?? throw new AuthenticationFailedException("The account is deactivated.");
        return new Actor(id, u.Role, u.TeamId);
    }
}
