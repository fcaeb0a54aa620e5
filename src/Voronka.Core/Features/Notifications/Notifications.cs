using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Notifications;

public enum NotificationKind
{
    /// <summary>A lead was given to you.</summary>
    LeadAssigned,
    /// <summary>A lead nobody answered in time came up to you.</summary>
    LeadEscalated,
    /// <summary>Someone else gave you a task.</summary>
    TaskAssigned,
    /// <summary>A task of yours passed its due time undone.</summary>
    TaskOverdue,
    /// <summary>Someone else changed a deal you own.</summary>
    DealChanged,
    /// <summary>A client's call to you (or to your client) was missed.</summary>
    MissedCall,
    /// <summary>A review of your call was released.</summary>
    ReviewReleased,
    /// <summary>Someone answered on a review you wrote or of your call.</summary>
    ReviewComment,
    /// <summary>A stage automation tells you about a deal.</summary>
    Automation,
    /// <summary>A request came to your queue.</summary>
    RequestAssigned,
    /// <summary>Your request was done.</summary>
    RequestDone,
    /// <summary>Your request was sent back for rework.</summary>
    RequestReturned,
    /// <summary>A request passed its due time (a step of its escalation ladder).</summary>
    RequestOverdue,
    /// <summary>The week's fill quality: your score and the deals to fix.</summary>
    FillDigest,
    /// <summary>The week's fill quality of the people you lead, with the lowest score.</summary>
    FillDigestTeam,
    /// <summary>A client opened the proposal you sent them.</summary>
    ProposalOpened,
    /// <summary>A meeting you take part in ended: its minutes are ready.</summary>
    MeetingMinutes,
}

/// <summary>Something a person should know: what happened (<see cref="Kind"/>), to what (<see cref="Subject"/>, as people
/// name it) and where to look (<see cref="Link"/>). The words are the reader's language's, chosen when it is shown.</summary>
public class Notification
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public string Subject { get; set; } = "";
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>False when the person reads this kind by e-mail only: it is kept for the letter, not shown by the bell.</summary>
    public bool InApp { get; set; } = true;
}

public sealed record NotificationResponse(long Id, NotificationKind Kind, string Subject, string? Link, DateTime CreatedAt,
    DateTime? ReadAt);

/// <summary>The newest notifications and how many are unread.</summary>
public sealed record NotificationsResponse(IReadOnlyList<NotificationResponse> Items, int Unread);

/// <summary>Marks notifications read: the ones named, or all of them.</summary>
public sealed record MarkReadRequest(IReadOnlyList<long>? Ids = null, bool All = false);

/// <summary>
/// Tells the open pages of this instance that a person has something new, after the write that made it is committed;
/// a page on another instance sees it on its next look (the bell looks every <see cref="NotificationsService.PollSeconds"/>).
/// </summary>
public static class NotificationSignal
{
    public static event Action<int>? Raised;

    public static void Raise(IEnumerable<int> users)
    {
        foreach (var user in users.Distinct()) Raised?.Invoke(user);
    }
}

/// <summary>Adds a notification inside the caller's transaction, by the channels the person chose for its kind (the bell,
/// e-mail through the outbox, both or neither), and remembers whom to signal once it is committed.</summary>
internal static class Notify
{
    public static async Task AddAsync(VoronkaDbContext db, int userId, NotificationKind kind, string subject, string? link, DateTime now,
        CancellationToken ct)
    {
        var chosen = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId && p.Kind == kind)
            .Select(p => new NotificationChannel(p.Kind, p.InApp, p.Email)).FirstOrDefaultAsync(ct);
        var (inApp, email) = chosen is null ? NotificationChannel.Default(kind) : (chosen.InApp, chosen.Email);
        if (!inApp && !email) return;
        // A change to a deal is told once until the person has read it (by e-mail alone: once an hour): ten edits in a
        // row make one notice, not ten.
        var hourAgo = now.AddHours(-1);
        if (kind == NotificationKind.DealChanged && await db.Set<Notification>().AnyAsync(n => n.UserId == userId && n.Kind == kind
                && n.Link == link && (n.InApp ? n.ReadAt == null : n.CreatedAt > hourAgo), ct))
            return;
        var notification = new Notification
        {
            UserId = userId, Kind = kind, Subject = subject.Length > 300 ? subject[..300] : subject, Link = link, CreatedAt = now,
            InApp = inApp, ReadAt = inApp ? null : now,
        };
        db.Set<Notification>().Add(notification);
        if (inApp) db.Notified.Add(userId);
        if (!email) return;
        var address = await db.Users.Where(u => u.Id == userId && u.IsActive).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (!string.IsNullOrWhiteSpace(address))
            db.Set<EmailMessage>().Add(new EmailMessage
            {
                Notification = notification, UserId = userId, To = address, CreatedAt = now, NextAttemptAt = now,
            });
    }
}

/// <summary>Each person's notifications: their own only.</summary>
public sealed class NotificationsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>How often an open page looks for notifications made on another instance.</summary>
    public const int PollSeconds = 20;

    public async Task<NotificationsResponse> ListAsync(Actor actor, bool unreadOnly, int take, CancellationToken ct)
    {
        if (take is < 1 or > 200) throw ValidationFailedException.For("take", "must be between 1 and 200.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == actor.UserId && n.InApp);
        var items = await (unreadOnly ? mine.Where(n => n.ReadAt == null) : mine).OrderByDescending(n => n.Id).Take(take)
            .Select(n => new NotificationResponse(n.Id, n.Kind, n.Subject, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        return new NotificationsResponse(items, await mine.CountAsync(n => n.ReadAt == null, ct));
    }

    public async Task<int> MarkReadAsync(Actor actor, MarkReadRequest r, CancellationToken ct)
    {
        if (!r.All && (r.Ids is null || r.Ids.Count == 0))
            throw ValidationFailedException.For("ids", "name the notifications, or send all.");
        if (r.Ids?.Count > 1000) throw ValidationFailedException.For("ids", "must name at most 1000.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var q = db.Set<Notification>().Where(n => n.UserId == actor.UserId && n.InApp && n.ReadAt == null);
        if (!r.All)
        {
            var ids = r.Ids!.ToList();
            q = q.Where(n => ids.Contains(n.Id));
        }
        return await q.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Link).HasMaxLength(500);
        b.HasIndex(x => new { x.UserId, x.Id });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
