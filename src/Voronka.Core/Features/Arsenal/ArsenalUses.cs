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

    internal static async Task AddAsync(VoronkaDbContext db, int itemId, int? userId, int? dealId, ArsenalUseKind kind, DateTime at,
        CancellationToken ct)
    {
        db.Add(new ArsenalUse { ItemId = itemId, UserId = userId, DealId = dealId, Kind = kind, At = at });
        await db.SaveChangesAsync(ct);
    }
}
