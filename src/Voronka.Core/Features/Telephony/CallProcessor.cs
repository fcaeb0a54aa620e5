using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Telephony;

/// <summary>
/// Rebuilds a call from all its kept events (so their order never matters and a replay gives the same call), finds the
/// client of the number, and when the call is over logs it: one call activity on the client's open deal for a call
/// that was talked or dialled, a notice to the people concerned for a client's call nobody took, and — where the
/// integration says so — a lead for a missed number Voronka does not know.
/// </summary>
public sealed class CallProcessor(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, LeadsService leads)
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(10)];

    public async Task RebuildAsync(int integrationId, string callId, DateTime claimedAt, CancellationToken ct)
    {
        try
        {
            var (call, notified) = await RebuildCoreAsync(integrationId, callId, ct);
            CallSignal.Raise(call.RungUserIds.Append(call.UserId ?? 0).Where(u => u > 0));
            NotificationSignal.Raise(notified);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailedAsync(integrationId, callId, claimedAt, e, ct);
        }
    }

    private async Task<(Call Call, HashSet<int> Notified)> RebuildCoreAsync(int integrationId, string callId,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await db.Set<TelephonyEvent>().Where(x => x.IntegrationId == integrationId && x.CallId == callId).ToListAsync(ct);
        var events = rows.Select(r => (Row: r, Event: JsonSerializer.Deserialize<CallEvent>(r.Body, TelephonyInbox.Json)!))
            .OrderBy(x => x.Event.Rank < 0 ? 3 : x.Event.Rank).ThenBy(x => x.Row.ReceivedAt).ThenBy(x => x.Row.Id).ToList();
        var call = await db.Set<Call>().FirstOrDefaultAsync(c => c.IntegrationId == integrationId && c.ExternalId == callId, ct)
            ?? new Call { IntegrationId = integrationId, ExternalId = callId, CreatedAt = now };
        Reset(call);
        foreach (var (row, e) in events) CallMerge.Apply(call, e, row.ReceivedAt);
        var people = await (from x in db.Set<PhoneExtension>()
                            join u in db.Users on x.UserId equals u.Id
                            where x.IntegrationId == integrationId && u.IsActive
                            select new { x.Extension, x.UserId }).ToDictionaryAsync(x => x.Extension, x => x.UserId, ct);
        CallMerge.Settle(call, people);
        call.UpdatedAt = now;
        if (call.ClientPhone is string phone && (call.Id == 0 || (call.Status == CallStatus.Ended && call.ActivityId is null)))
        {
            var client = await DuplicateKeys.ClientAsync(db, null, phone, null, ct);
            (call.ContactId, call.CompanyId, call.DealId) = (client.ContactId, client.CompanyId, client.DealId);
        }
        if (call.Id == 0) db.Set<Call>().Add(call);
        await db.SaveChangesAsync(ct);
        if (call.Status == CallStatus.Ended) await LogAsync(db, call, now, ct);
        await Recordings.EnsureForCallAsync(db, call, now, ct);
        if (call.Status == CallStatus.Ended && call.Way == CallWay.In && call.Result != CallResult.Connected && call.ToldAt is null)
        {
            call.ToldAt = now;
            await TellMissedAsync(db, call, now, ct);
            if (call.ClientPhone is string number && call.ContactId is null && call.CompanyId is null && call.LeadId is null
                && await db.Set<TelephonyIntegration>().AnyAsync(i => i.Id == integrationId && i.MissedToLeads, ct))
                call.LeadId = await leads.IntakeCallAsync(db, number, LeadKey(call), ct);
        }
        foreach (var row in rows.Where(r => r.ProcessedAt is null))
            (row.ProcessedAt, row.ClaimedUntil, row.Error, row.Attempts) = (now, null, null, row.Attempts + 1);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (call, db.Notified);
    }

    private static void Reset(Call call)
    {
        (call.Way, call.From, call.To, call.AnsweredBy, call.StartedAt, call.AnsweredAt, call.EndedAt) =
            (null, null, null, null, default, null, null);
        (call.DurationSeconds, call.Cause, call.RecordingUrl, call.Status) = (null, null, null, CallStatus.Ringing);
        call.Extensions = [];
    }

    /// <summary>A call talked, or dialled by someone, is one call activity of the person whose call it is; a later event
    /// of the same call (the recording, an agent's leg) updates it.</summary>
    private static async Task LogAsync(VoronkaDbContext db, Call call, DateTime now, CancellationToken ct)
    {
        if (call.UserId is not int user || call.Way is CallWay.Internal or null) return;
        if (call.Result != CallResult.Connected && call.Way != CallWay.Out && call.ActivityId is null) return;
        var activity = call.ActivityId is long id ? await db.Activities.FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        if (activity is null)
        {
            activity = new Activity { Type = ActivityType.Call, CreatedAt = now };
            db.Activities.Add(activity);
        }
        activity.UserId = user;
        activity.OccurredAt = call.StartedAt;
        activity.Direction = call.Way == CallWay.Out ? CallDirection.Outgoing : CallDirection.Incoming;
        activity.DurationSeconds = call.DurationSeconds;
        activity.CallResult = call.Result;
        activity.DealId ??= call.DealId;
        activity.CompanyId ??= call.CompanyId;
        activity.ContactId ??= call.ContactId;
        activity.Subject ??= call.ClientPhone ?? (call.Way == CallWay.Out ? call.To : call.From);
        await db.SaveChangesAsync(ct);
        call.ActivityId = activity.Id;
    }

    /// <summary>Who hears of a missed call: the owner of the client's deal (else of the contact or company), else the
    /// people whose extensions rang.</summary>
    private static async Task TellMissedAsync(VoronkaDbContext db, Call call, DateTime now, CancellationToken ct)
    {
        int? owner = call.DealId is int d ? await db.Deals.Where(x => x.Id == d).Select(x => (int?)x.OwnerId).FirstOrDefaultAsync(ct)
            : call.ContactId is int c ? await db.Contacts.Where(x => x.Id == c).Select(x => (int?)x.OwnerId).FirstOrDefaultAsync(ct)
            : call.CompanyId is int co ? await db.Companies.Where(x => x.Id == co).Select(x => (int?)x.OwnerId).FirstOrDefaultAsync(ct)
            : null;
        var subject = call.ClientPhone ?? call.From ?? "?";
        var link = call.DealId is int deal ? $"/deals/{deal}" : "/calls";
        foreach (var user in owner is int o ? [o] : call.RungUserIds)
            await Notify.AddAsync(db, user, NotificationKind.MissedCall, subject, link, now, ct);
    }

    /// <summary>The key of a call's lead: one lead per call, whoever makes it.</summary>
    internal static string LeadKey(Call call) => $"{call.IntegrationId}:{call.ExternalId}";

    private async Task FailedAsync(int integrationId, string callId, DateTime claimedAt, Exception error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Set<TelephonyEvent>()
            .Where(x => x.IntegrationId == integrationId && x.CallId == callId && x.ProcessedAt == null && x.ClaimedUntil > claimedAt)
            .ToListAsync(ct);
        var message = error.GetBaseException().Message;
        foreach (var row in rows)
        {
            row.Attempts++;
            row.Error = message.Length > 1000 ? message[..1000] : message;
            row.ClaimedUntil = row.Attempts >= TelephonyInbox.MaxAttempts
                ? null : now + Backoff[Math.Min(row.Attempts, Backoff.Length) - 1];
            if (row.Attempts >= TelephonyInbox.MaxAttempts) row.ProcessedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Tells the open pages of this instance that a call of theirs changed (rang, was answered, ended); pages on
/// another instance see it on their next look.</summary>
public static class CallSignal
{
    public static event Action<int>? Raised;

    public static void Raise(IEnumerable<int> users)
    {
        foreach (var user in users.Distinct()) Raised?.Invoke(user);
    }
}
