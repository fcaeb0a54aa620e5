using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Telephony;

/// <summary>A recording's transcript as the API shows it.</summary>
public sealed record TranscriptResponse(
    long RecordingId, TranscriptState State, string? Model, string? Language, string? Text, IReadOnlyList<TranscriptSegment> Segments,
    int Attempts, string? LastError, DateTime? DoneAt);

/// <summary>A recording whose transcript has the words searched for, with the words in their context.</summary>
public sealed record TranscriptHit(long RecordingId, long? CallId, long? ActivityId, int? DealId, DateTime At, string? UserName,
    string Snippet);

/// <summary>Whether recordings are transcribed, and how far: shown on the telephony settings page.</summary>
public sealed record TranscriptionStatus(string? Unavailable, string Model, int Untouched, int Waiting, int Done, int Failed);

/// <summary>
/// Transcripts of the stored recordings: made one at a time (of several instances, one takes each recording) by the
/// configured <see cref="ITranscriber"/>, newest recordings first, tried three times; shown to those who may play the
/// recording, and searched by its words.
/// </summary>
public sealed class Transcripts(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, FileStore store, ITranscriber transcriber)
{
    private const int Tries = 3;
    private static readonly TimeSpan Hold = TimeSpan.FromHours(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Job(long Id, string Key, string ContentType);

    /// <summary>Transcribes the next recording; false when there is none, or no model to do it with.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        if (transcriber.Unavailable is not null) return false;
        var job = await ClaimAsync(ct);
        if (job is null) return false;
        try
        {
            TranscriptionResult result;
            await using (var audio = store.Open(job.Key))
                result = await transcriber.TranscribeAsync(audio, job.ContentType, ct);
            await DoneAsync(job.Id, result, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            await FailedAsync(job.Id, e.Message, ct);
        }
        return true;
    }

    private async Task<Job?> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var set = db.Set<Transcript>();
        var again = await set.Where(t => (t.State == TranscriptState.Waiting && t.NextAttemptAt <= now)
                || (t.State == TranscriptState.Working && t.ClaimedUntil < now))
            .OrderBy(t => t.Id).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        long id;
        if (again is long old)
        {
            var taken = await set.Where(t => t.Id == old && ((t.State == TranscriptState.Waiting && t.NextAttemptAt <= now)
                    || (t.State == TranscriptState.Working && t.ClaimedUntil < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TranscriptState.Working)
                    .SetProperty(t => t.ClaimedUntil, now + Hold), ct);
            if (taken == 0) return null;
            id = old;
        }
        else
        {
            var fresh = await db.Set<Recording>().Where(r => r.State == RecordingState.Stored && !set.Any(t => t.RecordingId == r.Id))
                .OrderByDescending(r => r.StoredAt).ThenByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            if (fresh is not long recordingId) return null;
            var row = new Transcript
            {
                RecordingId = recordingId, State = TranscriptState.Working, ClaimedUntil = now + Hold, CreatedAt = now,
            };
            set.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return null; // another instance took this recording a moment before
            }
            id = row.Id;
        }
        var file = await (from t in set
                          join r in db.Set<Recording>() on t.RecordingId equals r.Id
                          where t.Id == id && r.State == RecordingState.Stored
                          select new { r.StorageKey, r.ContentType }).FirstOrDefaultAsync(ct);
        if (file is null || !store.Exists(file.StorageKey!))
        {
            await set.Where(t => t.Id == id).ExecuteDeleteAsync(ct);
            return null;
        }
        return new Job(id, file.StorageKey!, file.ContentType!);
    }

    private async Task DoneAsync(long id, TranscriptionResult result, CancellationToken ct)
    {
        var segments = result.Segments.Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .Select(s => s with { Text = s.Text.Trim() }).ToList();
        var text = string.Join(" ", segments.Select(s => s.Text));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<Transcript>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, TranscriptState.Done).SetProperty(t => t.Text, text)
            .SetProperty(t => t.SearchText, text.ToLowerInvariant()).SetProperty(t => t.Segments, JsonSerializer.Serialize(segments, Json))
            .SetProperty(t => t.Language, result.Language).SetProperty(t => t.Model, transcriber.Model)
            .SetProperty(t => t.DoneAt, now).SetProperty(t => t.ClaimedUntil, (DateTime?)null)
            .SetProperty(t => t.LastError, (string?)null).SetProperty(t => t.Attempts, t => t.Attempts + 1), ct);
    }

    private async Task FailedAsync(long id, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var t = await db.Set<Transcript>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return;
        t.Attempts++;
        (t.LastError, t.ClaimedUntil, t.Model) = (error.Length > 1000 ? error[..1000] : error, null, transcriber.Model);
        t.State = t.Attempts >= Tries ? TranscriptState.Failed : TranscriptState.Waiting;
        t.NextAttemptAt = t.Attempts >= Tries ? null : now + TimeSpan.FromMinutes(10 * t.Attempts);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The transcript of a recording the actor may play; null while there is none.</summary>
    public async Task<TranscriptResponse?> FindAsync(Actor actor, long recordingId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        if (!await Recordings.Visible(db, scope).AnyAsync(r => r.Id == recordingId, ct))
            throw new NotFoundException("Recording", recordingId);
        var t = await db.Set<Transcript>().AsNoTracking().FirstOrDefaultAsync(x => x.RecordingId == recordingId, ct);
        if (t is null) return null;
        var segments = t.Segments is { Length: > 0 } json
            ? JsonSerializer.Deserialize<List<TranscriptSegment>>(json, Json) ?? [] : new List<TranscriptSegment>();
        return new TranscriptResponse(t.RecordingId, t.State, t.Model, t.Language, t.Text, segments, t.Attempts, t.LastError, t.DoneAt);
    }

    /// <summary>The recordings the actor may play whose transcripts have <paramref name="words"/>, newest first.</summary>
    public async Task<IReadOnlyList<TranscriptHit>> SearchAsync(Actor actor, string? words, int take, CancellationToken ct)
    {
        var needle = words?.Trim().ToLowerInvariant() ?? "";
        if (needle.Length < 2) throw ValidationFailedException.For("q", "must have at least 2 letters.");
        if (needle.Length > 200) throw ValidationFailedException.For("q", "must be at most 200 characters.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var rows = await (from t in db.Set<Transcript>()
                          join r in Recordings.Visible(db, scope) on t.RecordingId equals r.Id
                          where t.State == TranscriptState.Done && t.SearchText!.Contains(needle)
                          join c in db.Set<Call>() on r.CallId equals c.Id into calls
                          from c in calls.DefaultIfEmpty()
                          join a in db.Set<Activities.Activity>() on r.ActivityId equals a.Id into activities
                          from a in activities.DefaultIfEmpty()
                          orderby r.StoredAt descending, r.Id descending
                          select new
                          {
                              r.Id, r.CallId, r.ActivityId, DealId = c != null && c.DealId != null ? c.DealId : a != null ? a.DealId : null,
                              At = c != null ? c.StartedAt : a != null ? a.OccurredAt : r.StoredAt!.Value,
                              UserId = c != null ? c.UserId : a != null ? (int?)a.UserId : null, t.Text, t.SearchText,
                          }).Take(Math.Clamp(take, 1, 200)).ToListAsync(ct);
        var ids = rows.Where(x => x.UserId != null).Select(x => x.UserId!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return rows.Select(x => new TranscriptHit(x.Id, x.CallId, x.ActivityId, x.DealId, x.At,
            x.UserId is int u ? names.GetValueOrDefault(u) : null,
            Snippet(x.Text ?? "", x.SearchText ?? "", needle))).ToList();
    }

    /// <summary>The words found with about sixty characters either side, cut at spaces.</summary>
    public static string Snippet(string text, string lower, string needle)
    {
        var at = lower.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0 || lower.Length != text.Length) at = 0;
        var from = Math.Max(0, at - 60);
        var to = Math.Min(text.Length, at + needle.Length + 60);
        if (from > 0 && text.IndexOf(' ', from) is var s and >= 0 && s < at) from = s + 1;
        if (to < text.Length && text.LastIndexOf(' ', to - 1) is var e && e > at + needle.Length) to = e;
        return (from > 0 ? "…" : "") + text[from..to] + (to < text.Length ? "…" : "");
    }

    /// <summary>How far transcription is, for the director's settings page.</summary>
    public async Task<TranscriptionStatus> StatusAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        await using var db = await factory.CreateDbContextAsync(ct);
        var states = await db.Set<Transcript>().GroupBy(t => t.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params TranscriptState[] of) => states.Where(s => of.Contains(s.Key)).Sum(s => s.Count);
        var untouched = await db.Set<Recording>().CountAsync(r => r.State == RecordingState.Stored
            && !db.Set<Transcript>().Any(t => t.RecordingId == r.Id), ct);
        return new TranscriptionStatus(transcriber.Unavailable, transcriber.Model, untouched,
            Count(TranscriptState.Working, TranscriptState.Waiting), Count(TranscriptState.Done), Count(TranscriptState.Failed));
    }

    /// <summary>Makes a given-up transcript be tried again (after a model change, say): the director's.</summary>
    public async Task RetryFailedAsync(Actor actor, CancellationToken ct)
    {
        actor.RequireDirector();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<Transcript>().Where(t => t.State == TranscriptState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.State, TranscriptState.Waiting).SetProperty(t => t.Attempts, 0).SetProperty(t => t.NextAttemptAt, now), ct);
    }
}
