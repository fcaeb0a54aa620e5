using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;

namespace Voronka.Core.Features.Telephony;

/// <summary>A recording as the API shows it.</summary>
public sealed record RecordingResponse(
    long Id, long? CallId, long? ActivityId, RecordingState State, string? ContentType, long? Size, string? Sha256, int Attempts,
    string? LastError, DateTime CreatedAt, DateTime? StoredAt);

/// <summary>A recording to copy from its PBX, with what the PBX's API needs to give it.</summary>
public sealed record RecordingJob(long Id, string SourceUrl, PbxKind Kind, string? Key, string Secret);

/// <summary>A stored recording opened for playing.</summary>
public sealed record RecordingFile(Stream Content, string ContentType, string FileName, string Sha256);

/// <summary>Who listened to a recording and when.</summary>
public sealed record RecordingAccessResponse(int UserId, string UserName, DateTime At);

/// <summary>
/// Call recordings: copied from the PBX into the <see cref="FileStore"/> by the web host's fetcher (claimed by one
/// instance, retried after 1, 5, 15, 60, 180 and 720 minutes, refused when not audio or cut short), uploaded by hand for a
/// call logged from a personal phone, served to those who see the call or its activity (each listening logged), and
/// deleted when the organisation's retention runs out.
/// </summary>
public sealed class Recordings(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, FileStore store)
{
    /// <summary>The largest recording kept.</summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(12)];

    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(15);

    /// <summary>Makes sure a call whose PBX has a recording has a row to copy it (inside the call's transaction).</summary>
    internal static async Task EnsureForCallAsync(VoronkaDbContext db, Call call, DateTime now, CancellationToken ct)
    {
        if (call.RecordingUrl is not string url) return;
        var r = await db.Set<Recording>().FirstOrDefaultAsync(x => x.CallId == call.Id, ct);
        if (r is null)
        {
            db.Add(new Recording { CallId = call.Id, ActivityId = call.ActivityId, SourceUrl = url, NextAttemptAt = now, CreatedAt = now });
            return;
        }
        r.ActivityId ??= call.ActivityId;
        if (r.SourceUrl != url && r.State is RecordingState.Waiting or RecordingState.Failed)
            (r.SourceUrl, r.State, r.Attempts, r.NextAttemptAt, r.LastError) = (url, RecordingState.Waiting, 0, now, null);
    }

    /// <summary>Claims up to <paramref name="take"/> recordings due to be copied; of two instances, one takes each.</summary>
    public async Task<IReadOnlyList<RecordingJob>> ClaimAsync(int take, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Set<Recording>().Where(r => r.State == RecordingState.Waiting && r.NextAttemptAt <= now
                && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id).Select(r => r.Id).Take(Math.Clamp(take, 1, 20)).ToListAsync(ct);
        var claimed = new List<long>();
        foreach (var id in due)
            if (await db.Set<Recording>().Where(r => r.Id == id && r.State == RecordingState.Waiting
                    && (r.ClaimedUntil == null || r.ClaimedUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, now + ClaimFor), ct) == 1)
                claimed.Add(id);
        return await (from r in db.Set<Recording>()
                      where claimed.Contains(r.Id)
                      join c in db.Set<Call>() on r.CallId equals c.Id
                      join i in db.Set<TelephonyIntegration>() on c.IntegrationId equals i.Id
                      select new RecordingJob(r.Id, r.SourceUrl!, i.Kind, i.Key, i.Secret)).ToListAsync(ct);
    }

    /// <summary>Keeps what the PBX gave for a claimed recording; content that is not audio or ends early counts as a failed
    /// attempt.</summary>
    public async Task StoreAsync(long id, Stream content, long? length, CancellationToken ct)
    {
        var (head, whole) = await AudioType.PeekAsync(content, ct);
        var type = AudioType.Sniff(head) ?? throw new InvalidDataException("The PBX gave something that is not an audio recording.");
        var file = await store.SaveAsync(whole, "recordings", type.Extension, MaxBytes, length, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var done = await db.Set<Recording>().Where(r => r.Id == id && r.State == RecordingState.Waiting).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, RecordingState.Stored).SetProperty(r => r.StorageKey, file.Key)
            .SetProperty(r => r.ContentType, type.ContentType).SetProperty(r => r.Size, file.Size).SetProperty(r => r.Sha256, file.Sha256)
            .SetProperty(r => r.StoredAt, now).SetProperty(r => r.ClaimedUntil, (DateTime?)null)
            .SetProperty(r => r.LastError, (string?)null)
            .SetProperty(r => r.Attempts, r => r.Attempts + 1), ct);
        if (done == 0) store.Delete(file.Key);
    }

    /// <summary>Counts a failed attempt: tried again after the next wait, or given up after the last.</summary>
    public async Task FailedAsync(long id, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var r = await db.Set<Recording>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null || r.State != RecordingState.Waiting) return;
        r.Attempts++;
        (r.LastError, r.ClaimedUntil) = (error.Length > 1000 ? error[..1000] : error, null);
        if (r.Attempts > Backoff.Length) r.State = RecordingState.Failed;
        else r.NextAttemptAt = now + Backoff[r.Attempts - 1];
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Opens a stored recording for someone who sees its call or activity, and logs that they did.</summary>
    public async Task<RecordingFile> OpenAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var r = await Visible(db, scope).AsNoTracking().Where(x => x.Id == id && x.State == RecordingState.Stored)
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Recording", id);
        if (!store.Exists(r.StorageKey!)) throw new NotFoundException("Recording", id);
        db.Add(new RecordingAccess { RecordingId = id, UserId = actor.UserId, At = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        var name = $"call-{r.CallId ?? r.ActivityId}{Path.GetExtension(r.StorageKey)}";
        return new RecordingFile(store.Open(r.StorageKey!), r.ContentType!, name, r.Sha256!);
    }

    /// <summary>Who listened to a recording: the director's.</summary>
    public async Task<IReadOnlyList<RecordingAccessResponse>> AccessLogAsync(Actor actor, long id, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.Set<Recording>().AnyAsync(r => r.Id == id, ct)) throw new NotFoundException("Recording", id);
        return await (from a in db.Set<RecordingAccess>()
                      join u in db.Users on a.UserId equals u.Id
                      where a.RecordingId == id
                      orderby a.At descending
                      select new RecordingAccessResponse(a.UserId, u.FullName, a.At)).Take(500).ToListAsync(ct);
    }

    public async Task<RecordingResponse> GetAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await Project(Visible(db, scope).Where(x => x.Id == id)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Recording", id);
    }

    /// <summary>A recording uploaded by hand for a call activity (a call from a personal phone): by its author, their senior
    /// or the director; an uploaded one is replaced, a PBX's is not.</summary>
    public async Task<RecordingResponse> UploadAsync(Actor actor, long activityId, Stream content, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = await scope.Activities().Where(a => a.Id == activityId).Select(a => new { a.Type, a.UserId }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Activity", activityId);
        if (activity.UserId != actor.UserId && !scope.MayAssignOwner(activity.UserId))
            throw new ForbiddenException("Only the author, their senior or the director may add a recording to a call.");
        if (activity.Type != ActivityType.Call) throw ValidationFailedException.For("activityId", "must be a call.");
        var (head, whole) = await AudioType.PeekAsync(content, ct);
        var type = AudioType.Sniff(head)
            ?? throw ValidationFailedException.For("file", "must be an audio recording: MP3, WAV, OGG, M4A or WebM.");
        StoredFile file;
        try
        {
            file = await store.SaveAsync(whole, "recordings", type.Extension, MaxBytes, null, ct);
        }
        catch (FileTooLargeException)
        {
            throw ValidationFailedException.For("file", $"must be at most {MaxBytes / 1024 / 1024} MB.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Set<Recording>().Where(r => r.ActivityId == activityId && r.State != RecordingState.Deleted)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (existing is { CallId: not null })
        {
            store.Delete(file.Key);
            throw new ConflictException("The call has the phone system's recording; it is not replaced by hand.");
        }
        var old = existing?.StorageKey;
        var r = existing ?? db.Add(new Recording { ActivityId = activityId, CreatedAt = now }).Entity;
        (r.State, r.StorageKey, r.ContentType, r.Size, r.Sha256, r.StoredAt, r.UploadedById) =
            (RecordingState.Stored, file.Key, type.ContentType, file.Size, file.Sha256, now, actor.UserId);
        if (existing is not null) await db.Set<Transcript>().Where(t => t.RecordingId == existing.Id).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        if (old is not null) store.Delete(old);
        return await GetAsync(actor, r.Id, ct);
    }

    /// <summary>Deletes the recordings older than the organisation's retention; returns how many.</summary>
    public async Task<int> CleanAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var days = await db.Organisation.Select(o => o.RecordingRetentionDays).FirstOrDefaultAsync(ct);
        if (days is not int keep) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now.AddDays(-keep);
        var old = await db.Set<Recording>().Where(r => r.State == RecordingState.Stored && r.StoredAt < before).Take(500).ToListAsync(ct);
        foreach (var r in old)
        {
            store.Delete(r.StorageKey!);
            (r.State, r.DeletedAt, r.StorageKey) = (RecordingState.Deleted, now, null);
        }
        var gone = old.Select(r => r.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<Transcript>().Where(t => gone.Contains(t.RecordingId)).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return old.Count;
    }

    /// <summary>The recordings of the calls and activities the actor sees, and — for everyone who sells — those of the
    /// library's best calls, which the head of sales shares with the team by adding them.</summary>
    internal static IQueryable<Recording> Visible(VoronkaDbContext db, AccessScope scope)
    {
        var calls = scope.Calls();
        var activities = scope.Activities();
        var shared = scope.Actor.CanSell;
        return db.Set<Recording>().Where(x => (x.CallId != null && calls.Any(c => c.Id == x.CallId))
            || (x.ActivityId != null && activities.Any(a => a.Id == x.ActivityId))
            || (shared && x.ActivityId != null && db.Set<Reviews.BestCall>().Any(b => b.ActivityId == x.ActivityId)));
    }

    private static IQueryable<RecordingResponse> Project(IQueryable<Recording> q) =>
        q.Select(r => new RecordingResponse(r.Id, r.CallId, r.ActivityId, r.State, r.ContentType, r.Size, r.Sha256, r.Attempts, r.LastError,
            r.CreatedAt, r.StoredAt));
}
