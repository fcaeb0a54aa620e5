using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Arsenal;

/// <summary>Records how the arsenal is used: a seller opened an item, copied its text or sent it, on a deal or not.</summary>
public sealed class ArsenalUses(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task RecordAsync(Actor actor, int itemId, ArsenalUseRequest r, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var v = new Validator();
        ArsenalUseKind? kind = r.Kind?.Trim().ToLowerInvariant() switch
        {
            "opened" => ArsenalUseKind.Opened,
            "copied" => ArsenalUseKind.Copied,
            "sent" => ArsenalUseKind.Sent,
            _ => null,
        };
        if (kind is null) v.Add("kind", "must be opened, copied or sent.");
        if (r.DealId is int d)
        {
            var scope = await AccessScope.ForAsync(db, actor, ct);
            if (!await scope.Deals().AnyAsync(x => x.Id == d, ct)) v.Add("dealId", "is not a deal you see.");
        }
        if (!await db.Set<ArsenalItem>().AnyAsync(i => i.Id == itemId, ct)) throw new NotFoundException("Arsenal item", itemId);
        v.ThrowIfInvalid();
        await AddAsync(db, itemId, actor.UserId, r.DealId, kind!.Value, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The uses of [from, to] (by default the last 90 days) by the people the actor sees and on their deals, joined to
    /// the deals won and lost in the period.</summary>
    public async Task<UsageReport> ReportAsync(Actor actor, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var today = OrgTime.Today(clock.GetUtcNow().UtcDateTime, zone);
        var (first, last) = (from ?? today.AddDays(-89), to ?? today);
        if (last < first) throw ValidationFailedException.For("to", "must not be before from.");
        var (s, e) = OrgTime.Range(first, last, zone);
        var (start, end) = (s!.Value, e!.Value);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var people = scope.People().Select(u => u.Id);
        var deals = scope.Deals().Select(d => d.Id);
        var uses = db.Set<ArsenalUse>().Where(u => u.At >= start && u.At < end
            && ((u.UserId != null && people.Contains(u.UserId.Value))
                || (u.UserId == null && u.DealId != null && deals.Contains(u.DealId.Value))));
        var counts = await uses.GroupBy(u => new { u.ItemId, u.Kind }).Select(g => new { g.Key.ItemId, g.Key.Kind, Count = g.Count() })
            .ToListAsync(ct);
        var byPerson = await uses.Where(u => u.UserId != null).GroupBy(u => new { u.ItemId, u.UserId, u.Kind })
            .Select(g => new { g.Key.ItemId, UserId = g.Key.UserId!.Value, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        var closed = from d in scope.Deals()
                     where d.ClosedAt >= start && d.ClosedAt < end
                     join st in db.Stages on d.StageId equals st.Id
                     where st.Kind != Pipelines.StageKind.Open
                     select new { d.Id, Won = st.Kind == Pipelines.StageKind.Won };
        var won = await closed.CountAsync(x => x.Won, ct);
        var lost = await closed.CountAsync(x => !x.Won, ct);
        var onDeals = await (from u in db.Set<ArsenalUse>()
                             join c in closed on u.DealId equals c.Id
                             select new { u.ItemId, c.Id, c.Won }).Distinct()
            .GroupBy(x => x.ItemId).Select(g => new { ItemId = g.Key, Won = g.Count(x => x.Won), Lost = g.Count(x => !x.Won) })
            .ToListAsync(ct);
        var ids = counts.Select(c => c.ItemId).Concat(onDeals.Select(o => o.ItemId)).Distinct().ToList();
        var items = await db.Set<ArsenalItem>().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Title, i.Kind })
            .ToDictionaryAsync(i => i.Id, ct);
        var userIds = byPerson.Select(p => p.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        int Of(int item, ArsenalUseKind kind) => counts.Where(c => c.ItemId == item && c.Kind == kind).Sum(c => c.Count);
        decimal? Share(int part, int all) => all == 0 ? null : Math.Round(100m * part / all, 1);
        var rows = ids.Select(id =>
        {
            var d = onDeals.FirstOrDefault(o => o.ItemId == id);
            var (inWon, inLost) = (Share(d?.Won ?? 0, won), Share(d?.Lost ?? 0, lost));
            return new UsageRow(id, items[id].Title, items[id].Kind, Of(id, ArsenalUseKind.Opened), Of(id, ArsenalUseKind.Copied),
                Of(id, ArsenalUseKind.Sent), Of(id, ArsenalUseKind.ClientOpened), d?.Won ?? 0, d?.Lost ?? 0, inWon, inLost,
                inWon - inLost);
        }).OrderByDescending(r => r.Difference ?? decimal.MinValue).ThenBy(r => r.Title).ToList();
        var persons = byPerson.GroupBy(p => (p.ItemId, p.UserId)).Select(g => new PersonUse(g.Key.ItemId, g.Key.UserId,
                names.GetValueOrDefault(g.Key.UserId, "?"), g.Where(x => x.Kind == ArsenalUseKind.Opened).Sum(x => x.Count),
                g.Where(x => x.Kind == ArsenalUseKind.Copied).Sum(x => x.Count),
                    g.Where(x => x.Kind == ArsenalUseKind.Sent).Sum(x => x.Count)))
            .OrderBy(p => p.ItemId).ThenBy(p => p.Name).ToList();
        return new UsageReport(first, last, won, lost, rows, persons);
    }

    internal static async Task AddAsync(VoronkaDbContext db, int itemId, int? userId, int? dealId, ArsenalUseKind kind, DateTime at,
        CancellationToken ct)
    {
        db.Add(new ArsenalUse { ItemId = itemId, UserId = userId, DealId = dealId, Kind = kind, At = at });
        await db.SaveChangesAsync(ct);
    }
}
