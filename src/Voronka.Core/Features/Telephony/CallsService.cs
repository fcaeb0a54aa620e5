using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Activities;
using Voronka.Core.Features.Leads;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Telephony;

/// <summary>A call as the API shows it: the PBX's id, the way, the numbers, the extensions that rang and the one that
/// answered, whose call it is, the times, the talk time and result, whether the PBX has a recording and the copy kept in
/// Voronka (<see cref="RecordingId"/>, once copied), and what Voronka found and logged for it (the client, the deal, the
/// lead, the call activity).</summary>
public sealed record CallResponse(
    long Id, int IntegrationId, string ExternalId, CallWay? Way, CallStatus Status, string? From, string? To, string? ClientPhone,
    IReadOnlyList<string> Extensions, string? AnsweredBy, int? UserId, string? UserName, DateTime StartedAt, DateTime? AnsweredAt,
    DateTime? EndedAt, int? DurationSeconds, string? Cause, CallResult? Result, bool HasRecording, int? ContactId, string? ContactName,
    int? CompanyId, string? CompanyName, int? DealId, string? DealTitle, int? LeadId, long? ActivityId, long? RecordingId);

public sealed record CallQuery : PageRequest
{
    public int? UserId { get; init; }
    public int? DealId { get; init; }
    public int? ContactId { get; init; }
    public CallWay? Way { get; init; }
    public CallStatus? Status { get; init; }
    /// <summary>Only the clients' calls nobody took.</summary>
    public bool? Missed { get; init; }
    /// <summary>Organisation calendar days, both ends included.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

/// <summary>The card that pops up while a call rings: the client Voronka knows for the number (the contact, the company,
/// the open deal with its stage, amount and owner) or none, and whether the person may open the deal.</summary>
public sealed record CallCard(
    long CallId, CallWay? Way, CallStatus Status, string? Number, DateTime StartedAt, int? ContactId, string? ContactName, int? CompanyId,
    string? CompanyName, int? DealId, string? DealTitle, string? StageName, decimal? Amount, string? Currency, string? OwnerName,
    bool DealVisible, int? LeadId);

/// <summary>The call log and the live calls of a person.</summary>
public sealed class CallsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock, LeadsService leads)
{
    /// <summary>How long a call may ring or last without an end before it is no longer shown as live.</summary>
    public static readonly TimeSpan LiveFor = TimeSpan.FromHours(2);

    public async Task<Page<CallResponse>> ListAsync(Actor actor, CallQuery query, CancellationToken ct)
    {
        var v = new Validator();
        query.Validate(v);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var q = scope.Calls();
        if (query.UserId is int u) q = q.Where(c => c.UserId == u);
        if (query.DealId is int d) q = q.Where(c => c.DealId == d);
        if (query.ContactId is int p) q = q.Where(c => c.ContactId == p);
        if (query.Way is CallWay w) q = q.Where(c => c.Way == w);
        if (query.Status is CallStatus s) q = q.Where(c => c.Status == s);
        if (query.Missed == true) q = q.Where(c => c.Way == CallWay.In && c.Status == CallStatus.Ended && c.Result != CallResult.Connected);
        var (from, to) = OrgTime.Range(query.From, query.To, zone);
        if (from is not null) q = q.Where(c => c.StartedAt >= from);
        if (to is not null) q = q.Where(c => c.StartedAt < to);
        var total = await q.CountAsync(ct);
        var items = await Project(db, q.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.Id).Skip(query.Skip).Take(query.Take))
            .ToListAsync(ct);
        return new Page<CallResponse>(items, total);
    }

    public async Task<CallResponse> GetAsync(Actor actor, long id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await Project(db, scope.Calls().Where(c => c.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Call", id);
    }

    /// <summary>The calls ringing on the person's extensions, or answered by them, not yet over: what pops up.</summary>
    public async Task<IReadOnlyList<CallCard>> LiveAsync(Actor actor, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - LiveFor;
        var me = actor.UserId;
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var visible = scope.Deals();
        return await (from c in db.Set<Call>()
                      where c.Status != CallStatus.Ended && c.StartedAt >= since && c.RungUserIds.Contains(me)
                          && (c.Status == CallStatus.Ringing || c.UserId == me)
                      orderby c.StartedAt descending
                      let deal = db.Deals.FirstOrDefault(x => x.Id == c.DealId)
                      select new CallCard(c.Id, c.Way, c.Status, c.ClientPhone ?? (c.Way == CallWay.Out ? c.To : c.From), c.StartedAt,
                          c.ContactId, db.Contacts.Where(x => x.Id == c.ContactId).Select(x => x.Name).FirstOrDefault(),
                          c.CompanyId, db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault(),
                          c.DealId, deal == null ? null : deal.Title,
                          deal == null ? null : db.Stages.Where(x => x.Id == deal.StageId).Select(x => x.Name).FirstOrDefault(),
                          deal == null ? null : deal.AmountMinor / 100m, deal == null ? null : deal.Currency,
                          deal == null ? null : db.Users.Where(x => x.Id == deal.OwnerId).Select(x => x.FullName).FirstOrDefault(),
                          visible.Any(x => x.Id == c.DealId), c.LeadId))
            .Take(5).ToListAsync(ct);
    }

    /// <summary>Whether one of the person's extensions is on an active phone system: only then can a call ring for them.</summary>
    public async Task<bool> HasExtensionAsync(Actor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await (from e in db.Set<PhoneExtension>()
                      join i in db.Set<TelephonyIntegration>() on e.IntegrationId equals i.Id
                      where e.UserId == actor.UserId && i.IsActive
                      select e.Id).AnyAsync(ct);
    }

    /// <summary>Makes the call's number a lead through the intake (matched and routed like any other, so it may go to someone
    /// else); once per call. Returns the call with its lead.</summary>
    public async Task<CallResponse> MakeLeadAsync(Actor actor, long id, CancellationToken ct)
    {
        actor.RequireSeller();
        await GetAsync(actor, id, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == id, ct);
        if (call.ClientPhone is not string phone)
            throw ValidationFailedException.For("callId", "has no client's number to make a lead of.");
        call.LeadId = await leads.IntakeCallAsync(db, phone, CallProcessor.LeadKey(call), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return await GetAsync(actor, id, ct);
    }

    private static IQueryable<CallResponse> Project(VoronkaDbContext db, IQueryable<Call> q) =>
        q.Select(c => new CallResponse(c.Id, c.IntegrationId, c.ExternalId, c.Way, c.Status, c.From, c.To, c.ClientPhone, c.Extensions,
            c.AnsweredBy, c.UserId, db.Users.Where(u => u.Id == c.UserId).Select(u => u.FullName).FirstOrDefault(), c.StartedAt,
            c.AnsweredAt, c.EndedAt, c.DurationSeconds, c.Cause, c.Result, c.RecordingUrl != null, c.ContactId,
            db.Contacts.Where(x => x.Id == c.ContactId).Select(x => x.Name).FirstOrDefault(), c.CompanyId,
            db.Companies.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault(), c.DealId,
            db.Deals.Where(x => x.Id == c.DealId).Select(x => x.Title).FirstOrDefault(), c.LeadId, c.ActivityId,
            db.Set<Recording>().Where(r => (r.CallId == c.Id || (c.ActivityId != null && r.ActivityId == c.ActivityId))
                    && r.State == RecordingState.Stored)
                .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefault()));
}
