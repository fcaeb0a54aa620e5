using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;

namespace Voronka.Core.Features.Activities;

/// <summary>An activity to log. At least one of deal, company or contact; the deal's company and contact are filled in when left out.</summary>
public sealed record ActivityRequest(
    ActivityType? Type,
    DateTimeOffset? OccurredAt = null,
    int? DealId = null,
    int? CompanyId = null,
    int? ContactId = null,
    int? UserId = null,
    string? Subject = null,
    string? Notes = null,
    CallDirection? Direction = null,
    int? DurationSeconds = null,
    CallResult? CallResult = null,
    string? RecordingUrl = null);

/// <summary>An activity as the API shows it; <see cref="RecordingId"/> is the call's recording kept in Voronka
/// (<c>GET /api/v1/recordings/{id}</c>), from the phone system or uploaded.</summary>
public sealed record ActivityResponse(
    long Id, ActivityType Type, int UserId, string UserName, int? DealId, string? DealTitle, int? CompanyId, int? ContactId, DateTime OccurredAt,
    string? Subject, string? Notes, CallDirection? Direction, int? DurationSeconds, CallResult? CallResult, string? RecordingUrl,
    DateTime CreatedAt, long? RecordingId = null);

public sealed record ActivityQuery : PageRequest
{
    public ActivityType? Type { get; init; }
    public int? UserId { get; init; }
    public int? TeamId { get; init; }
    public int? DealId { get; init; }
    public int? CompanyId { get; init; }
    public int? ContactId { get; init; }
    /// <summary>Organisation calendar days, both ends included.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Only what the sellers the actor sees (active managers and seniors) did: what the reports count.</summary>
    public bool? Sellers { get; init; }
}

public sealed class ActivitiesService(IDbContextFactory<VoronkaDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Page<ActivityResponse>> ListAsync(Actor actor, ActivityQuery query, CancellationToken ct = default)
    {
        var v = new Validator();
        query.Validate(v);
        var (key, desc) = query.SortKey("-occurredAt");
        v.Check(key is "occurredAt" or "id", "sort", "must be occurredAt or id.");
        v.ThrowIfInvalid();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var zone = await OrgTime.ZoneAsync(db, ct);
        var q = scope.Activities();
        if (query.Type is ActivityType t) q = q.Where(a => a.Type == t);
        if (query.UserId is int u) q = q.Where(a => a.UserId == u);
        if (query.TeamId is int team) q = q.Where(a => db.Users.Any(x => x.Id == a.UserId && x.TeamId == team));
        if (query.Sellers == true)
        {
            var sellers = scope.Sellers().Select(x => x.Id);
            q = q.Where(a => sellers.Contains(a.UserId));
        }
        if (query.DealId is int d) q = q.Where(a => a.DealId == d);
        if (query.CompanyId is int c) q = q.Where(a => a.CompanyId == c);
        if (query.ContactId is int p) q = q.Where(a => a.ContactId == p);
        var (from, to) = OrgTime.Range(query.From, query.To, zone);
        if (from is not null) q = q.Where(a => a.OccurredAt >= from);
        if (to is not null) q = q.Where(a => a.OccurredAt < to);
        var total = await q.CountAsync(ct);
        q = key == "id" ? q.OrderByKey(a => a.Id, desc) : q.OrderByKey(a => a.OccurredAt, desc);
        q = desc ? ((IOrderedQueryable<Activity>)q).ThenByDescending(a => a.Id) : ((IOrderedQueryable<Activity>)q).ThenBy(a => a.Id);
        var items = await Project(db, q.Skip(query.Skip).Take(query.Take)).ToListAsync(ct);
        return new Page<ActivityResponse>(items, total);
    }

    public async Task<ActivityResponse> GetAsync(Actor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        return await Project(db, scope.Activities().Where(a => a.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Activity", id);
    }

    public async Task<ActivityResponse> CreateAsync(Actor actor, ActivityRequest request, CancellationToken ct = default)
    {
        actor.RequireSeller();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = new Activity { CreatedAt = clock.GetUtcNow().UtcDateTime, UserId = request.UserId ?? actor.UserId };
        await ApplyAsync(db, scope, activity, request, ct);
        db.Activities.Add(activity);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, activity.Id, ct);
    }

    public async Task<ActivityResponse> UpdateAsync(Actor actor, long id, ActivityRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = await LoadForWriteAsync(scope, id, ct);
        await ApplyAsync(db, scope, activity, request, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(actor, activity.Id, ct);
    }

    public async Task DeleteAsync(Actor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var activity = await LoadForWriteAsync(scope, id, ct);
        db.Activities.Remove(activity);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The author changes own activities; a senior or the director those of their people.</summary>
    private static async Task<Activity> LoadForWriteAsync(AccessScope scope, long id, CancellationToken ct)
    {
        var activity = await scope.Activities().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("Activity", id);
        scope.Actor.RequireSeller();
        if (activity.UserId != scope.Actor.UserId && !scope.MayAssignOwner(activity.UserId))
            throw new ForbiddenException("Only the author, their senior or the director may change an activity.");
        return activity;
    }

    private async Task ApplyAsync(VoronkaDbContext db, AccessScope scope, Activity a, ActivityRequest r, CancellationToken ct)
    {
        var v = new Validator();
        var now = clock.GetUtcNow().UtcDateTime;
        if (r.Type is null) v.Add("type", "is required: Call, Meeting, Proposal, Presale, Email or Note.");
        var occurred = r.OccurredAt?.UtcDateTime ?? (a.Id == 0 ? now : a.OccurredAt);
        if (occurred > now.AddDays(1)) v.Add("occurredAt", "must not be in the future: log what happened.");
        if (occurred < new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)) v.Add("occurredAt", "is too far in the past.");
        v.MaxLength(r.Subject, "subject", 300).MaxLength(r.Notes, "notes", 4000).MaxLength(r.RecordingUrl, "recordingUrl", 1000);
        var userId = r.UserId ?? a.UserId;
        if (userId != scope.Actor.UserId && !scope.MayAssignOwner(userId)) v.Add("userId", "must be you or one of your people.");
        else if (!await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, ct)) v.Add("userId", "must be an active user.");

        int? companyId = r.CompanyId, contactId = r.ContactId;
        if (r.DealId is int dealId)
        {
            var deal = await scope.Deals().Where(d => d.Id == dealId).Select(d => new { d.CompanyId, d.ContactId }).FirstOrDefaultAsync(ct);
            if (deal is null) v.Add("dealId", "does not exist.");
            else { companyId ??= deal.CompanyId; contactId ??= deal.ContactId; }
        }
        if (r.CompanyId is int cid && !await scope.Companies().AnyAsync(c => c.Id == cid, ct)) v.Add("companyId", "does not exist.");
        if (r.ContactId is int pid && !await scope.Contacts().AnyAsync(c => c.Id == pid, ct)) v.Add("contactId", "does not exist.");
        if (r.DealId is null && r.CompanyId is null && r.ContactId is null) v.Add("dealId", "name the deal, company or contact the activity was with.");

        if (r.Type == ActivityType.Call)
        {
            if (r.Direction is null) v.Add("direction", "is required for a call: Outgoing or Incoming.");
            if (r.CallResult is null) v.Add("callResult", "is required for a call.");
        }
        else
        {
            if (r.Direction is not null) v.Add("direction", "applies to calls only.");
            if (r.CallResult is not null) v.Add("callResult", "applies to calls only.");
            if (r.RecordingUrl is not null) v.Add("recordingUrl", "applies to calls only.");
        }
        if (r.DurationSeconds is < 0 or > 86_400) v.Add("durationSeconds", "must be between 0 and 86400.");
        if (r.DurationSeconds is not null && r.Type is ActivityType.Proposal or ActivityType.Email or ActivityType.Note)
            v.Add("durationSeconds", "applies to calls, meetings and presales only.");
        if (!string.IsNullOrWhiteSpace(r.RecordingUrl) &&
            (!Uri.TryCreate(r.RecordingUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            v.Add("recordingUrl", "must be an http or https link.");
        v.ThrowIfInvalid();

        a.Type = r.Type!.Value;
        a.OccurredAt = occurred;
        a.UserId = userId;
        a.DealId = r.DealId;
        a.CompanyId = companyId;
        a.ContactId = contactId;
        a.Subject = Text.Clean(r.Subject);
        a.Notes = Text.Clean(r.Notes);
        a.Direction = r.Direction;
        a.DurationSeconds = r.DurationSeconds;
        a.CallResult = r.CallResult;
        a.RecordingUrl = Text.Clean(r.RecordingUrl);
    }

    internal static IQueryable<ActivityResponse> Project(VoronkaDbContext db, IQueryable<Activity> q) =>
        from a in q
        join u in db.Users on a.UserId equals u.Id
        select new ActivityResponse(a.Id, a.Type, a.UserId, u.FullName, a.DealId,
            db.Deals.Where(d => d.Id == a.DealId).Select(d => d.Title).FirstOrDefault(), a.CompanyId, a.ContactId, a.OccurredAt,
            a.Subject, a.Notes, a.Direction, a.DurationSeconds, a.CallResult, a.RecordingUrl, a.CreatedAt,
            db.Set<Telephony.Recording>().Where(r => r.ActivityId == a.Id && r.State == Telephony.RecordingState.Stored)
                .Select(r => (long?)r.Id).FirstOrDefault());
}
