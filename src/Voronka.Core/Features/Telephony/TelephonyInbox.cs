using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Telephony;

/// <summary>
/// The events the PBXs send, kept first and turned into calls after: the webhook answers as soon as an event is stored
/// (once per event id), and <see cref="ProcessAsync"/> — run in the background on any instance — claims the calls with
/// new events and rebuilds each from all its events (<see cref="CallProcessor"/>). The events stay, so a call can be
/// rebuilt again (<see cref="ReplayAsync"/>).
/// </summary>
public sealed class TelephonyInbox(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, CallProcessor processor)
{
    /// <summary>How many events a round claims.</summary>
    public const int Batch = 200;

    /// <summary>How many times an event is tried before it is left with its error (for a replay).</summary>
    public const int MaxAttempts = 5;

    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Keeps the events not seen before; returns how many were new and how many were repeats.</summary>
    public async Task<(int Accepted, int Duplicates)> KeepAsync(int integrationId, IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fresh = events.GroupBy(e => e.EventId!.Trim()).Select(g => g.First()).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = fresh.Select(e => e.EventId!.Trim()).ToList();
        var known = (await db.Set<TelephonyEvent>().Where(x => x.IntegrationId == integrationId && ids.Contains(x.EventId))
            .Select(x => x.EventId).ToListAsync(ct)).ToHashSet();
        var rows = fresh.Where(e => !known.Contains(e.EventId!.Trim())).Select(e => Row(integrationId, e, now)).ToList();
        if (rows.Count > 0)
        {
            db.Set<TelephonyEvent>().AddRange(rows);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same event delivered twice at the same moment: keep each on its own, the repeat refused by the index.
                return await KeepOneByOneAsync(integrationId, rows, events.Count, ct);
            }
            await db.Set<TelephonyIntegration>().Where(i => i.Id == integrationId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastEventAt, now), ct);
        }
        return (rows.Count, events.Count - rows.Count);
    }

    private async Task<(int, int)> KeepOneByOneAsync(int integrationId, List<TelephonyEvent> rows, int total, CancellationToken ct)
    {
        var kept = 0;
        foreach (var row in rows)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            row.Id = 0;
            db.Set<TelephonyEvent>().Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                kept++;
            }
            catch (DbUpdateException)
            {
                if (!await SeenAsync(integrationId, row.EventId, ct)) throw;
            }
        }
        return (kept, total - kept);
    }

    private async Task<bool> SeenAsync(int integrationId, string eventId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TelephonyEvent>().AnyAsync(x => x.IntegrationId == integrationId && x.EventId == eventId, ct);
    }

    private static TelephonyEvent Row(int integrationId, CallEvent e, DateTime now) => new()
    {
        IntegrationId = integrationId, EventId = e.EventId!.Trim(), CallId = e.CallId!.Trim(), Type = e.Type!,
        Body = JsonSerializer.Serialize(e, Json), ReceivedAt = now,
    };

    /// <summary>One round: claims the calls with unprocessed events and rebuilds them; returns how many events it took.</summary>
    public async Task<int> ProcessAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var due = await db.Set<TelephonyEvent>().AsNoTracking()
            .Where(x => x.ProcessedAt == null && (x.ClaimedUntil == null || x.ClaimedUntil < now))
            .OrderBy(x => x.Id).Take(Batch).Select(x => new { x.IntegrationId, x.CallId }).ToListAsync(ct);
        var done = 0;
        foreach (var call in due.Distinct())
        {
            // Claimed with one conditional update: of two instances, the one that changed the rows rebuilds the call.
            var claimed = await db.Set<TelephonyEvent>()
                .Where(x => x.IntegrationId == call.IntegrationId && x.CallId == call.CallId && x.ProcessedAt == null
                    && (x.ClaimedUntil == null || x.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedUntil, now + ClaimFor), ct);
            if (claimed == 0) continue;
            done += claimed;
            await processor.RebuildAsync(call.IntegrationId, call.CallId, now, ct);
        }
        return done;
    }

    /// <summary>Rebuilds every call of an integration from its kept events since <paramref name="since"/> (the director's
    /// replay, after a mapping of extensions changed or an event failed); returns how many calls.</summary>
    public async Task<int> ReplayAsync(int integrationId, DateTime since, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<TelephonyEvent>().Where(x => x.IntegrationId == integrationId && x.ReceivedAt >= since)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ProcessedAt, (DateTime?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null)
                .SetProperty(x => x.Attempts, 0).SetProperty(x => x.Error, (string?)null), ct) > 0
            ? await db.Set<TelephonyEvent>().Where(x => x.IntegrationId == integrationId && x.ReceivedAt >= since)
                .Select(x => x.CallId).Distinct().CountAsync(ct)
            : 0;
    }
}
