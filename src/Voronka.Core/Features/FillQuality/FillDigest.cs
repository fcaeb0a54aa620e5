using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.FillQuality;

/// <summary>
/// The weekly fill-quality letter, once a week from its Monday: each seller with open deals gets the score and how many
/// deals to fix; each director the lowest score of the department, each senior the lowest of the team. By the bell and
/// by e-mail unless the person chose otherwise. The week is marked in the same transaction as the letters.
/// </summary>
public sealed class FillDigest(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public const string Kind = "fill-quality";
    public const string Link = "/reports/fill-quality";

    /// <summary>Sends this week's digest unless it went already; true when this call sent it.</summary>
    public async Task<bool> SendAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await OrgTime.ZoneAsync(db, ct);
        var week = FillQualityService.WeekStart(OrgTime.Today(now, zone));
        if (await db.Set<WeeklyDigest>().AnyAsync(w => w.Kind == Kind && w.WeekStart == week, ct)) return false;
        var people = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Role != UserRole.Assistant)
            .Select(u => new { u.Id, u.FullName, u.Role, u.TeamId }).ToListAsync(ct);
        var sellers = people.Where(p => p.Role is UserRole.Manager or UserRole.Senior).ToList();
        var ids = sellers.Select(p => p.Id).ToList();
        var counts = await FillQualityService.CountsAsync(db, ids, now, zone, ct);
        var rules = await FillQualityService.Shortfalls.ForAsync(db, now, ct);
        var toFix = await rules.Short(db, db.Deals.Where(d => ids.Contains(d.OwnerId)))
            .GroupBy(d => d.OwnerId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var scores = sellers.Where(p => counts.ContainsKey(p.Id))
            .Select(p => (p.Id, p.FullName, p.TeamId, Score: FillScore.Of(counts[p.Id])!.Value)).ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<WeeklyDigest>().Add(new WeeklyDigest { Kind = Kind, WeekStart = week, SentAt = now });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Another instance marked the week a moment earlier: its letters go, not these.
            return false;
        }
        foreach (var (id, _, _, score) in scores)
            await Notify.AddAsync(db, id, NotificationKind.FillDigest,
                string.Create(CultureInfo.InvariantCulture, $"{score} %, {toFix.GetValueOrDefault(id)}"), Link, now, ct);
        foreach (var head in people.Where(p => p.Role is UserRole.Director or UserRole.Senior))
        {
            var led = scores
                .Where(s => head.Role == UserRole.Director || (s.TeamId == head.TeamId && head.TeamId is not null && s.Id != head.Id))
                .OrderBy(s => s.Score).ThenBy(s => s.FullName, StringComparer.CurrentCulture).ToList();
            if (led.Count == 0) continue;
            await Notify.AddAsync(db, head.Id, NotificationKind.FillDigestTeam,
                string.Create(CultureInfo.InvariantCulture, $"{led[0].FullName}, {led[0].Score} %"), Link, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return true;
    }
}
