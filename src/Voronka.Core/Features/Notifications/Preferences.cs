using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Notifications;

/// <summary>How a person wants to hear of one kind of event; a kind with no row follows
/// <see cref="NotificationChannel.Default"/>.</summary>
public class NotificationPreference
{
    public int UserId { get; set; }
    public NotificationKind Kind { get; set; }
    public bool InApp { get; set; }
    public bool Email { get; set; }
}

/// <summary>One kind of event and the channels it comes by: the bell in the app, e-mail, both or neither.</summary>
public sealed record NotificationChannel(NotificationKind Kind, bool InApp, bool Email)
{
    /// <summary>Until a person chooses: everything by the bell; by e-mail also what waits for them to act (a lead, a
    /// lead come up, a task given) and the weekly digests.</summary>
    public static (bool InApp, bool Email) Default(NotificationKind kind) =>
        (true, kind is NotificationKind.LeadAssigned or NotificationKind.LeadEscalated or NotificationKind.TaskAssigned
            or NotificationKind.FillDigest or NotificationKind.FillDigestTeam);
}

/// <summary>A person's channels for every kind, and the address the e-mails go to.</summary>
public sealed record NotificationSettings(IReadOnlyList<NotificationChannel> Channels, string? Email);

/// <summary>The channels to change; kinds not named keep theirs.</summary>
public sealed record NotificationSettingsRequest(IReadOnlyList<NotificationChannel>? Channels);

/// <summary>Each person's own choice of channels.</summary>
public sealed class NotificationPreferencesService(IDbContextFactory<VoronkaDbContext> factory)
{
    public async Task<NotificationSettings> GetAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await ReadAsync(db, actor.UserId, ct);
    }

    public async Task<NotificationSettings> SetAsync(Actor actor, NotificationSettingsRequest r, CancellationToken ct)
    {
        if (r.Channels is null || r.Channels.Count == 0) throw ValidationFailedException.For("channels", "name at least one kind.");
        var v = new Validator();
        for (var i = 0; i < r.Channels.Count; i++)
            v.Check(Enum.IsDefined(r.Channels[i].Kind), $"channels[{i}].kind",
                "must be one of " + string.Join(", ", Enum.GetNames<NotificationKind>()) + ".");
        v.Check(r.Channels.Select(c => c.Kind).Distinct().Count() == r.Channels.Count, "channels", "name each kind once.");
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var kept = await db.Set<NotificationPreference>().Where(p => p.UserId == actor.UserId).ToDictionaryAsync(p => p.Kind, ct);
        foreach (var c in r.Channels)
        {
            if (!kept.TryGetValue(c.Kind, out var row))
                db.Add(row = new NotificationPreference { UserId = actor.UserId, Kind = c.Kind });
            (row.InApp, row.Email) = (c.InApp, c.Email);
        }
        await db.SaveChangesAsync(ct);
        return await ReadAsync(db, actor.UserId, ct);
    }

    private static async Task<NotificationSettings> ReadAsync(VoronkaDbContext db, int userId, CancellationToken ct)
    {
        var kept = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, ct);
        var channels = Enum.GetValues<NotificationKind>().Select(k => kept.TryGetValue(k, out var p)
            ? new NotificationChannel(k, p.InApp, p.Email)
            : new NotificationChannel(k, NotificationChannel.Default(k).InApp, NotificationChannel.Default(k).Email)).ToList();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return new NotificationSettings(channels, email);
    }
}
