using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Notifications;

/// <summary>
/// An e-mail waiting to go, written in the same transaction as what it tells of, so that nothing is told that did not
/// happen and nothing that happened goes untold when the mail server is away. Sent by whichever instance claims it first.
/// </summary>
public class EmailMessage
{
    public long Id { get; set; }
    public long? NotificationId { get; set; }
    public Notification? Notification { get; set; }
    public int UserId { get; set; }
    public string To { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Set while an instance sends it; another instance leaves it alone until then.</summary>
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>When the outbox stopped trying: too many failures, or too old to be worth telling.</summary>
    public DateTime? GaveUpAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>When the last attempt failed.</summary>
    public DateTime? LastErrorAt { get; set; }
}

/// <summary>A claimed e-mail with what its words are made of: the notification and the reader's language.</summary>
public sealed record OutgoingEmail(long Id, string To, string FullName, string? Culture, NotificationKind Kind, string Subject,
    string? Link, DateTime CreatedAt, int Attempts);

/// <summary>How the outbox stands: what waits, what went, what was given up, and the last error.</summary>
public sealed record EmailOutboxStatus(int Waiting, int Sent, int GaveUp, string? LastError, DateTime? LastErrorAt);

/// <summary>The outbox's bookkeeping; the sending itself (SMTP) is the host's.</summary>
public sealed class EmailOutbox(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    /// <summary>Waits after the 1st, 2nd, … failure; after the last one the message is given up.</summary>
    public static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(3),
    ];

    /// <summary>How many letters a round claims, and for how long: longer than a round can take with every letter at the
    /// mail client's 30-second timeout, so no other instance takes a letter this one is still sending.</summary>
    public const int Batch = 10;

    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(10);

    /// <summary>How long sent and given-up letters are kept, for the director's count, before they are deleted.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    /// <summary>Claims up to <paramref name="take"/> messages that are due, after giving up the ones older than
    /// <paramref name="maxAge"/> (a letter about a lead from two days ago helps nobody).</summary>
    public async Task<IReadOnlyList<OutgoingEmail>> ClaimAsync(int take, TimeSpan maxAge, CancellationToken ct)
    {
        take = Math.Clamp(take, 1, Batch);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - maxAge;
        await Waiting(db).Where(m => m.CreatedAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.GaveUpAt, now).SetProperty(m => m.LastError, "too old to send"), ct);
        var due = await Waiting(db).Where(m => m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(take).ToListAsync(ct);
        var claimed = new List<long>();
        foreach (var id in due)
        {
            // One conditional update per message: of two instances claiming at once, exactly one changes the row.
            var mine = await db.Set<EmailMessage>()
                .Where(m => m.Id == id && m.SentAt == null && m.GaveUpAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, now + ClaimFor), ct);
            if (mine == 1) claimed.Add(id);
        }
        return await (from m in db.Set<EmailMessage>().AsNoTracking()
                      where claimed.Contains(m.Id)
                      join n in db.Notifications on m.NotificationId equals n.Id
                      join u in db.Users on m.UserId equals u.Id
                      orderby m.Id
                      select new OutgoingEmail(m.Id, m.To, u.FullName, u.Culture, n.Kind, n.Subject, n.Link, m.CreatedAt, m.Attempts))
            .ToListAsync(ct);
    }

    public async Task SentAsync(long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<EmailMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAt, now).SetProperty(m => m.ClaimedUntil, (DateTime?)null)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
    }

    /// <summary>Counts a failed attempt: tried again after the next wait of <see cref="Backoff"/>, or given up.</summary>
    public async Task FailedAsync(long id, string error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var m = await db.Set<EmailMessage>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return;
        m.Attempts++;
        m.LastError = error.Length > 500 ? error[..500] : error;
        m.LastErrorAt = now;
        m.ClaimedUntil = null;
        if (m.Attempts > Backoff.Length) m.GaveUpAt = now;
        else m.NextAttemptAt = now + Backoff[m.Attempts - 1];
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For the director: whether the mail goes out.</summary>
    public async Task<EmailOutboxStatus> StatusAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var all = db.Set<EmailMessage>().AsNoTracking();
        // The last failure of a letter that has not gone since: an error a retry got past is no longer news.
        var last = await all.Where(m => m.LastError != null && m.SentAt == null).OrderByDescending(m => m.LastErrorAt)
            .Select(m => new { m.LastError, At = m.LastErrorAt ?? m.GaveUpAt }).FirstOrDefaultAsync(ct);
        return new EmailOutboxStatus(await Waiting(db).CountAsync(ct), await all.CountAsync(m => m.SentAt != null, ct),
            await all.CountAsync(m => m.GaveUpAt != null, ct), last?.LastError, last?.At);
    }

    /// <summary>Housekeeping of every round: without a mail server the waiting letters are given up (they would be
    /// news of the past by the time one is set up), and letters sent or given up longer ago than <see cref="KeepFor"/>
    /// are deleted. Returns how many were given up or deleted.</summary>
    public async Task<int> CleanAsync(bool canSend, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var done = 0;
        if (!canSend)
            done += await Waiting(db).ExecuteUpdateAsync(s => s.SetProperty(m => m.GaveUpAt, now)
                .SetProperty(m => m.LastError, "no mail server is set up (Smtp:Host)").SetProperty(m => m.LastErrorAt, now), ct);
        var old = now - KeepFor;
        done += await db.Set<EmailMessage>().Where(m => (m.SentAt != null && m.SentAt < old) || (m.GaveUpAt != null && m.GaveUpAt < old))
            .ExecuteDeleteAsync(ct);
        return done;
    }

    private static IQueryable<EmailMessage> Waiting(VoronkaDbContext db) =>
        db.Set<EmailMessage>().Where(m => m.SentAt == null && m.GaveUpAt == null);
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> b)
    {
        b.ToTable("EmailOutbox");
        b.Property(x => x.To).HasMaxLength(256);
        b.Property(x => x.LastError).HasMaxLength(500);
        b.HasIndex(x => new { x.SentAt, x.GaveUpAt, x.NextAttemptAt });
        b.HasOne(x => x.Notification).WithMany().HasForeignKey(x => x.NotificationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("NotificationPreferences");
        b.HasKey(x => new { x.UserId, x.Kind });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
