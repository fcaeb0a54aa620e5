using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Features.People;

/// <summary>Who stands above a person: the leader of their team when that is someone else and active, otherwise the active
/// directors (first by id). Automations give work to the first, escalations tell them all.</summary>
internal static class Seniors
{
    public static async Task<IReadOnlyList<int>> AboveAsync(VoronkaDbContext db, int userId, CancellationToken ct)
    {
        var leader = await db.Users.Where(u => u.Id == userId)
            .Select(u => db.Teams.Where(t => t.Id == u.TeamId).Select(t => t.LeaderId).FirstOrDefault()).FirstOrDefaultAsync(ct);
        if (leader is int l && l != userId && await db.Users.AnyAsync(u => u.Id == l && u.IsActive, ct)) return [l];
        return await db.Users.Where(u => u.Role == UserRole.Director && u.IsActive).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
    }
}
