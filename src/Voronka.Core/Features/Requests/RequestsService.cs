using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Notifications;
using Voronka.Core.Features.People;

namespace Voronka.Core.Features.Requests;

public sealed record CreateRequestRequest(int? DealId, int? TypeId, Dictionary<string, string?>? Values = null, string? Comment = null);

public sealed record RequestActionRequest(string? Text = null, Dictionary<string, string?>? Values = null, int? Version = null);

public sealed record RequestQuery : PageRequest
{
    public RequestState? State { get; init; }
    /// <summary>Only open, in work or returned requests.</summary>
    public bool? Active { get; init; }
    public int? DealId { get; init; }
    public int? TypeId { get; init; }
    public int? AssigneeId { get; init; }
    /// <summary>Only requests past their due time and not done.</summary>
    public bool? Overdue { get; init; }
}

public sealed record RequestResponse(
    int Id, int DealId, string DealTitle, int TypeId, string TypeName, RequestState State, IReadOnlyDictionary<string, string?> Values,
    string? Comment, int RequestedById, string RequestedByName, int AssigneeId, string AssigneeName, DateTime CreatedAt, DateTime DueAt,
    bool IsOverdue, DateTime? TakenAt, DateTime? DoneAt, string? Result, DateTime? ReturnedAt, string? ReturnReason, int Returns,
    int Escalations, int Version);

/// <summary>The assistant's queue: requests made from a deal or by a stage automation, taken, done or sent back with a
/// reason, against the type's SLA in working hours.</summary>
public sealed class RequestsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock)
{
    public async Task<Page<RequestResponse>> ListAsync(Actor actor, RequestQuery query, CancellationToken ct)
    {
        var v = new Validator();
        query.Validate(v);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var q = await VisibleAsync(db, actor, ct);
        if (query.State is RequestState s) q = q.Where(r => r.State == s);
        if (query.Active == true) q = q.Where(r => r.State == RequestState.Open || r.State == RequestState.InWork
            || r.State == RequestState.Returned);
        if (query.DealId is int d) q = q.Where(r => r.DealId == d);
        if (query.TypeId is int t) q = q.Where(r => r.TypeId == t);
        if (query.AssigneeId is int a) q = q.Where(r => r.AssigneeId == a);
        if (query.Overdue == true) q = q.Where(r => (r.State == RequestState.Open || r.State == RequestState.InWork) && r.DueAt < now);
        var total = await q.CountAsync(ct);
        // Overdue first, then by due time: the assistant's order of work.
        var page = q.OrderBy(r => r.State == RequestState.Done || r.State == RequestState.Cancelled).ThenBy(r => r.DueAt).ThenBy(r => r.Id)
            .Skip(query.Skip).Take(query.Take);
        return new Page<RequestResponse>(await ProjectAsync(db, page, now, ct), total);
    }

    public async Task<RequestResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = (await VisibleAsync(db, actor, ct)).Where(r => r.Id == id);
        return (await ProjectAsync(db, q, clock.GetUtcNow().UtcDateTime, ct)).SingleOrDefault() ?? throw new NotFoundException("Request",
            id);
    }

    public async Task<RequestResponse> CreateAsync(Actor actor, CreateRequestRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        var v = new Validator();
        if (r.DealId is null) v.Add("dealId", "is required.");
        if (r.TypeId is null) v.Add("typeId", "is required.");
        v.MaxLength(r.Comment, "comment", 2000);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var deal = await scope.Deals().Where(d => d.Id == r.DealId).Select(d => new { d.Id, d.Title }).FirstOrDefaultAsync(ct)
            ?? throw ValidationFailedException.For("dealId", "does not exist.");
        var type = await db.Set<RequestType>().FirstOrDefaultAsync(t => t.Id == r.TypeId && t.IsActive, ct)
            ?? throw ValidationFailedException.For("typeId", "is not an active request type.");
        var values = CheckValues(type, r.Values);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await RequestRules.AddAsync(db, type, deal.Id, deal.Title, actor.UserId, values, Text.Clean(r.Comment), now, ct);
        await db.SaveChangesAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return await GetAsync(actor, request.Id, ct);
    }

    /// <summary>The assistant takes the request into work.</summary>
    public Task<RequestResponse> TakeAsync(Actor actor, int id, RequestActionRequest r, CancellationToken ct) =>
        ChangeAsync(actor, id, r, Side.Doer, [RequestState.Open], (x, now) =>
        {
            (x.Request.State, x.Request.TakenAt) = (RequestState.InWork, now);
            x.Request.AssigneeId = x.Actor.IsDirector ? x.Request.AssigneeId : x.Actor.UserId;
            return Task.CompletedTask;
        }, ct);

    /// <summary>The assistant marks it done, with what came of it; the requester is told.</summary>
    public Task<RequestResponse> DoneAsync(Actor actor, int id, RequestActionRequest r, CancellationToken ct) =>
        ChangeAsync(actor, id, r, Side.Doer, [RequestState.Open, RequestState.InWork], async (x, now) =>
        {
            (x.Request.State, x.Request.DoneAt, x.Request.DoneById, x.Request.Result) = (RequestState.Done, now, x.Actor.UserId,
                Text.Clean(r.Text));
            x.Request.TakenAt ??= now;
            await Notify.AddAsync(x.Db, x.Request.RequestedById, NotificationKind.RequestDone, x.Subject, x.Link, now, ct);
        }, ct);

    /// <summary>The assistant sends it back to the requester with the reason (a missing detail, a wrong document).</summary>
    public Task<RequestResponse> ReturnAsync(Actor actor, int id, RequestActionRequest r, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Text)) throw ValidationFailedException.For("text", "is required: say what to fix.");
        return ChangeAsync(actor, id, r, Side.Doer, [RequestState.Open, RequestState.InWork], async (x, now) =>
        {
            (x.Request.State, x.Request.ReturnedAt, x.Request.ReturnReason) = (RequestState.Returned, now, Text.Clean(r.Text));
            x.Request.Returns++;
            await Notify.AddAsync(x.Db, x.Request.RequestedById, NotificationKind.RequestReturned, x.Subject, x.Link, now, ct);
        }, ct);
    }

    /// <summary>The requester sends a returned request again, with its form corrected: a new round of the SLA.</summary>
    public Task<RequestResponse> ResubmitAsync(Actor actor, int id, RequestActionRequest r, CancellationToken ct) =>
        ChangeAsync(actor, id, r, Side.Requester, [RequestState.Returned], async (x, now) =>
        {
            var type = await x.Db.Set<RequestType>().FirstAsync(t => t.Id == x.Request.TypeId, ct);
            if (r.Values is not null) x.Request.ValuesJson = CheckValues(type, r.Values);
            if (r.Text is not null) x.Request.Comment = Text.Clean(r.Text);
            var assignee = await RequestRules.TakerAsync(x.Db, type, now, ct);
            (x.Request.State, x.Request.SubmittedAt, x.Request.AssigneeId, x.Request.Escalations) = (RequestState.Open, now, assignee, 0);
            x.Request.DueAt = await RequestRules.DueAsync(x.Db, assignee, type.SlaHours, now, ct);
            await Notify.AddAsync(x.Db, assignee, NotificationKind.RequestAssigned, x.Subject, x.Link, now, ct);
        }, ct);

    public Task<RequestResponse> CancelAsync(Actor actor, int id, RequestActionRequest r, CancellationToken ct) =>
        ChangeAsync(actor, id, r, Side.Requester, [RequestState.Open, RequestState.InWork, RequestState.Returned], (x, _) =>
        {
            x.Request.State = RequestState.Cancelled;
            return Task.CompletedTask;
        }, ct);

    private enum Side { Doer, Requester }

    private sealed record Change(VoronkaDbContext Db, Actor Actor, AssistantRequest Request, string Subject, string Link);

    private async Task<RequestResponse> ChangeAsync(Actor actor, int id, RequestActionRequest r, Side side, RequestState[] from,
        Func<Change, DateTime, Task> apply, CancellationToken ct)
    {
        var v = new Validator();
        v.MaxLength(r.Text, "text", 2000);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var request = await (await VisibleAsync(db, actor, ct)).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Request", id);
        var type = await db.Set<RequestType>().AsNoTracking().FirstAsync(t => t.Id == request.TypeId, ct);
        var doer = actor.IsDirector || request.AssigneeId == actor.UserId || type.AssigneeId == actor.UserId
            || type.DeputyId == actor.UserId;
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var requester = actor.IsDirector || request.RequestedById == actor.UserId
            || (actor.CanSell && await scope.Deals().AnyAsync(d => d.Id == request.DealId, ct));
        if (side == Side.Doer ? !doer : !requester)
            throw new ForbiddenException(side == Side.Doer ? "Only the request's assistant, their deputy or the director may do this."
                : "Only the requester or a seller of the deal may do this.");
        if (!from.Contains(request.State))
            throw new ConflictException($"The request is {request.State.ToString().ToLowerInvariant()}: this cannot be done to it now.");
        if (r.Version is int version) Versions.Check(db, request, version, request.Version, "request");
        var deal = await db.Deals.Where(d => d.Id == request.DealId).Select(d => d.Title).FirstAsync(ct);
        await apply(new Change(db, actor, request, $"{type.Name} — {deal}", $"/deals/{request.DealId}"), clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Versions.Conflict("request");
        }
        NotificationSignal.Raise(db.Notified);
        return await GetAsync(actor, id, ct);
    }

    /// <summary>The form's values checked against the type's fields: each known, each required one filled, numbers, dates and
    /// yes/no in their form.</summary>
    private static string CheckValues(RequestType type, Dictionary<string, string?>? given)
    {
        var fields = RequestTypesService.Fields(type.FieldsJson);
        var values = new Dictionary<string, string?>();
        var v = new Validator();
        foreach (var key in (given ?? []).Keys.Where(k => fields.All(f => f.Key != k))) v.Add($"values.{key}", "is not a field of this "
            + "request.");
        foreach (var f in fields)
        {
            var value = Text.Clean(given?.GetValueOrDefault(f.Key));
            if (value is null)
            {
                if (f.Required) v.Add($"values.{f.Key}", "is required.");
                continue;
            }
            var ok = f.Type switch
            {
                RequestFieldType.Number => decimal.TryParse(value, System.Globalization.NumberStyles.Number,
                    System.Globalization.CultureInfo.InvariantCulture, out _),
                RequestFieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", out _),
                RequestFieldType.YesNo => value is "true" or "false",
                _ => value.Length <= 2000,
            };
            if (!ok) v.Add($"values.{f.Key}", f.Type switch
            {
                RequestFieldType.Number => "must be a number.",
                RequestFieldType.Date => "must be a date (yyyy-MM-dd).",
                RequestFieldType.YesNo => "must be true or false.",
                _ => "must be at most 2000 characters.",
            });
            values[f.Key] = value;
        }
        v.ThrowIfInvalid();
        return JsonSerializer.Serialize(values);
    }

    /// <summary>Requests the actor sees: the director all; an assistant those given to them or of a type they take or
    /// deputise for; sellers those of the deals they see.</summary>
    internal static async Task<IQueryable<AssistantRequest>> VisibleAsync(VoronkaDbContext db, Actor actor, CancellationToken ct)
    {
        var all = db.Set<AssistantRequest>().AsQueryable();
        if (actor.IsDirector) return all;
        var me = actor.UserId;
        var types = db.Set<RequestType>().Where(t => t.AssigneeId == me || t.DeputyId == me).Select(t => t.Id);
        if (actor.IsAssistant) return all.Where(r => r.AssigneeId == me || types.Contains(r.TypeId));
        var deals = (await AccessScope.ForAsync(db, actor, ct)).Deals();
        return all.Where(r => r.AssigneeId == me || deals.Any(d => d.Id == r.DealId));
    }

    private static async Task<List<RequestResponse>> ProjectAsync(VoronkaDbContext db, IQueryable<AssistantRequest> q, DateTime now,
        CancellationToken ct)
    {
        var rows = await (from r in q
            join d in db.Deals.IgnoreQueryFilters() on r.DealId equals d.Id
            join t in db.Set<RequestType>() on r.TypeId equals t.Id
            select new { R = r, Deal = d.Title, Type = t.Name,
                By = db.Users.Where(u => u.Id == r.RequestedById).Select(u => u.FullName).FirstOrDefault(),
                To = db.Users.Where(u => u.Id == r.AssigneeId).Select(u => u.FullName).FirstOrDefault() })
            .AsNoTracking().ToListAsync(ct);
        return rows.Select(x => new RequestResponse(x.R.Id, x.R.DealId, x.Deal, x.R.TypeId, x.Type, x.R.State,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(x.R.ValuesJson) ?? [], x.R.Comment, x.R.RequestedById, x.By ?? "",
            x.R.AssigneeId, x.To ?? "", x.R.CreatedAt, x.R.DueAt,
            x.R.State is RequestState.Open or RequestState.InWork && x.R.DueAt < now, x.R.TakenAt, x.R.DoneAt, x.R.Result, x.R.ReturnedAt,
            x.R.ReturnReason, x.R.Returns, x.R.Escalations, x.R.Version))
            .OrderBy(r => r.State is RequestState.Done or RequestState.Cancelled).ThenBy(r => r.DueAt).ThenBy(r => r.Id).ToList();
    }
}
