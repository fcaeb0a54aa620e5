using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Auth;

/// <summary>The sign-in attempts to list: a period of days in the organisation's time, a person, an outcome.</summary>
public sealed record SignInQuery : PageRequest
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int? UserId { get; init; }
    public SignInOutcome? Outcome { get; init; }
}

/// <summary>One sign-in attempt as listed: who (as typed, and the person it named), when, from where, how it ended.</summary>
public sealed record SignInEventResponse(long Id, DateTime At, string Login, int? UserId, string? UserName, SignInOutcome Outcome,
    SignInDoor Door, string? Address);

/// <summary>Keeps every sign-in attempt, successful or not, and lists them for the director, newest first.</summary>
public sealed class SignIns(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task RecordAsync(SignInSource source, string login, int? userId, SignInOutcome outcome, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(new SignInEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Login = login.Length > 256 ? login[..256] : login,
            UserId = userId,
            Outcome = outcome,
            Door = source.Door,
            Address = source.Address is { Length: > 64 } a ? a[..64] : source.Address,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<SignInEventResponse>> ListAsync(Actor actor, SignInQuery q, CancellationToken ct = default)
    {
        if (actor.Role != UserRole.Director) throw new ForbiddenException("Only the director sees the sign-ins.");
        var v = new Validator();
        q.Validate(v);
        v.Check(q.From is null || q.To is null || q.From <= q.To, "to", "must not be before from.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var rows = db.Set<SignInEvent>().AsQueryable();
        if (q.From is { } from)
        {
            var start = OrgTime.StartOfDayUtc(from, zone);
            rows = rows.Where(e => e.At >= start);
        }
        if (q.To is { } to)
        {
            var end = OrgTime.StartOfDayUtc(to.AddDays(1), zone);
            rows = rows.Where(e => e.At < end);
        }
        if (q.UserId is { } user) rows = rows.Where(e => e.UserId == user);
        if (q.Outcome is { } outcome) rows = rows.Where(e => e.Outcome == outcome);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(q.Skip).Take(q.Take)
            .Select(e => new SignInEventResponse(e.Id, e.At, e.Login, e.UserId,
                db.Users.Where(u => u.Id == e.UserId).Select(u => u.FullName).FirstOrDefault(), e.Outcome, e.Door, e.Address))
            .ToListAsync(ct);
        return new Page<SignInEventResponse>(items, total);
    }
}
