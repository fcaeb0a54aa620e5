using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Web.Infrastructure;

/// <summary>
/// The signed-in person in the web app. Role and team are read from the database on every call,
/// so a change by the director applies at once, and a deactivated user is stopped mid-session.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider auth, IDbContextFactory<VoronkaDbContext> dbFactory, PeopleActor people,
    TimeProvider clock)
{
    /// <summary>Now, from the application's clock (never the machine's directly, so tests can set it).</summary>
    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in the organisation's time zone.</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken ct = default) => OrgTime.Today(UtcNow, await ZoneAsync(ct));

    public async Task<int?> IdAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        var id = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? null : int.Parse(id, CultureInfo.InvariantCulture);
    }

    public async Task<Actor> ActorAsync(CancellationToken ct = default) =>
        await people.ForAsync((await auth.GetAuthenticationStateAsync()).User, ct);

    /// <summary>The organisation's time zone: what "today" means on every screen.</summary>
    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await OrgTime.ZoneAsync(db, ct);
    }

    /// <summary>The organisation's currency: what every amount on the screens is in.</summary>
    public async Task<string> CurrencyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Organisation.Select(o => o.Currency).FirstOrDefaultAsync(ct) ?? "RUB";
    }

    public async Task<UserRole?> RoleAsync()
    {
        var state = await auth.GetAuthenticationStateAsync();
        return Enum.TryParse<UserRole>(state.User.FindFirstValue(ClaimTypes.Role), out var r) ? r : null;
    }
}
