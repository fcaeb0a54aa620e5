using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Common;

internal static class Text
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Optimistic concurrency: a write names the version it read; another one in between answers 409.</summary>
internal static class Versions
{
    public static ConflictException Conflict(string what, int? current = null) => new(
        $"The {what} was changed by someone else. Reload it and apply your change again.",
        current is null ? null : new Dictionary<string, object?> { ["currentVersion"] = current });

    public static void Check<T>(VoronkaDbContext db, T entity, int? sent, int current, string what) where T : class
    {
        if (sent is null) throw ValidationFailedException.For("version", "is required: send the version you last read.");
        if (sent != current) throw Conflict(what, current);
        db.Entry(entity).Property("Version").OriginalValue = sent.Value;
    }
}

internal static class Owners
{
    /// <summary>The owner of a record must be an active user who sells and is inside the actor's scope.</summary>
    public static async Task CheckAsync(VoronkaDbContext db, AccessScope scope, int ownerId, Validator v, CancellationToken ct,
        string field = "ownerId")
    {
        var owner = await db.Users.Where(u => u.Id == ownerId).Select(u => new { u.IsActive, u.Role }).FirstOrDefaultAsync(ct);
        if (owner is null || !owner.IsActive || owner.Role == UserRole.Assistant) v.Add(field, "must be an active user who sells.");
        else if (!scope.MayAssignOwner(ownerId)) v.Add(field, "is outside your team.");
    }
}

/// <summary>Rows kept once across instances under a unique key (a day's snapshot): losing the race to another instance is
/// not a failure.</summary>
internal static class KeptOnce
{
    /// <summary>Saves; when the save is refused and <paramref name="kept"/>, read afresh, finds the rows, another instance
    /// kept them a moment earlier. Any other failure is rethrown.</summary>
    public static async Task SaveAsync(VoronkaDbContext db, IDbContextFactory<VoronkaDbContext> factory,
        Func<VoronkaDbContext, Task<bool>> kept, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            await using var check = await factory.CreateDbContextAsync(ct);
            if (!await kept(check)) throw;
        }
    }
}
