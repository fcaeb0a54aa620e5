using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Tasks;

/// <summary>Tells each assignee once that a task of theirs passed its due time undone. Tasks overdue for longer than
/// <see cref="Window"/> are old news (an import of history, a server that was off) and are marked told without a word.
/// </summary>
public sealed class TaskReminders(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>One round: returns how many people were told.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var oldest = now - Window;
        var overdue = db.Tasks.Where(t => t.Status == DealTaskStatus.Open && t.OverdueToldAt == null && t.DueAt < now);
        await overdue.Where(t => t.DueAt < oldest).ExecuteUpdateAsync(s => s.SetProperty(t => t.OverdueToldAt, now), ct);
        var due = await overdue.Where(t => t.Deal!.DeletedAt == null).OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(500).AsNoTracking()
            .Select(t => new { t.Id, t.Title, t.AssigneeId, t.DealId, Deal = t.Deal!.Title }).ToListAsync(ct);
        if (due.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var told = 0;
        foreach (var x in due)
        {
            // Marked without touching the task's version (the assignee may be editing it), and only by the instance
            // whose update finds it still untold.
            if (await db.Tasks.Where(t => t.Id == x.Id && t.OverdueToldAt == null && t.Status == DealTaskStatus.Open && t.DueAt < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.OverdueToldAt, now), ct) == 0) continue;
            await Notify.AddAsync(db, x.AssigneeId, NotificationKind.TaskOverdue, $"{x.Title} — {x.Deal}", $"/deals/{x.DealId}", now, ct);
            told++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return told;
    }
}
