using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Voronka.Core.Common;
using Voronka.Core.Data;
using Voronka.Core.Features.Companies;
using Voronka.Core.Features.Contacts;
using Voronka.Core.Features.Deals;
using Voronka.Core.Features.Notifications;

namespace Voronka.Core.Features.Leads;

/// <summary>
/// Leads from every channel: one intake (checked, matched to the client Voronka already knows, routed and stored in
/// one transaction), the inbox (list, accept, reject, give by hand) and "why this manager".
/// </summary>
public sealed class LeadsService(IDbContextFactory<VoronkaDbContext> factory, TimeProvider clock,
    Automations.AutomationRunner automations)
{
    /// <summary>Takes a lead from a channel. A phone or an e-mail is required; everything else is kept as it came.</summary>
    public async Task<LeadResponse> IntakeAsync(LeadRequest r, LeadChannel channel, CancellationToken ct, int? formId = null,
        string? remoteAddress = null, string? payload = null) =>
        (await IntakeAsync(r, channel, formId, remoteAddress, payload, null, ct)).Lead;

    /// <summary>Takes an e-mail to the sales mailbox (<see cref="LeadEmail"/>) as a lead; the same letter delivered twice
    /// is the same lead (<c>Created</c> false the second time).</summary>
    public async Task<(LeadResponse Lead, bool Created)> IntakeEmailAsync(Stream raw, string? remoteAddress, CancellationToken ct)
    {
        var letter = await LeadEmail.ReadAsync(raw, ct);
        return await IntakeAsync(letter.Lead, LeadChannel.Email, null, remoteAddress, letter.Payload, letter.Key, ct);
    }

    /// <summary>Takes a call from a number Voronka does not know as a lead inside the caller's transaction (the call and its
    /// lead are written together); the same call (<paramref name="callKey"/>) is the same lead. Returns the lead's id.</summary>
    internal async Task<int> IntakeCallAsync(VoronkaDbContext db, string phone, string callKey, CancellationToken ct)
    {
        var lead = Read(new LeadRequest(Phone: phone), LeadChannel.Call, null, null, null);
        lead.SourceKey = callKey;
        lead.ReceivedAt = clock.GetUtcNow().UtcDateTime;
        await LeadRouting.LockAsync(db, ct);
        if (await db.Leads.Where(l => l.Channel == LeadChannel.Call && l.SourceKey == callKey).Select(l => (int?)l.Id)
                .FirstOrDefaultAsync(ct) is int known)
            return known;
        await AddAndRouteAsync(db, lead, ct);
        return lead.Id;
    }

    private async Task<(LeadResponse Lead, bool Created)> IntakeAsync(LeadRequest r, LeadChannel channel, int? formId,
        string? remoteAddress, string? payload, string? sourceKey, CancellationToken ct)
    {
        var lead = Read(r, channel, formId, remoteAddress, payload);
        lead.SourceKey = sourceKey;
        await using var db = await factory.CreateDbContextAsync(ct);
        await CheckReferencesAsync(db, lead, ct);
        lead.ReceivedAt = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LeadRouting.LockAsync(db, ct);
        if (sourceKey is not null
            && await db.Leads.Where(l => l.Channel == channel && l.SourceKey == sourceKey).Select(l => (int?)l.Id).FirstOrDefaultAsync(ct)
                is int known)
            return ((await ResponsesAsync(db, db.Leads.Where(l => l.Id == known), ct)).Single(), false);
        await AddAndRouteAsync(db, lead, ct);
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return ((await ResponsesAsync(db, db.Leads.Where(l => l.Id == lead.Id), ct)).Single(), true);
    }

    /// <summary>Matches the lead to the client, keeps it and routes it, inside the caller's transaction and lock.</summary>
    private static async Task AddAndRouteAsync(VoronkaDbContext db, Lead lead, CancellationToken ct)
    {
        var owner = await LeadMatching.MatchAsync(db, lead, ct);
        db.Leads.Add(lead);
        await db.SaveChangesAsync(ct);
        await LeadRouting.RouteAsync(db, lead, owner, lead.ReceivedAt, new HashSet<int>(), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A list of leads from a file (<see cref="LeadImport"/>), by the director or a senior: every row is checked
    /// first and a file with any bad row is refused naming each (<c>rows[N].field</c>, N the file's row) with nothing
    /// written; otherwise all of them are matched and routed in one transaction, in the file's order.</summary>
    public async Task<LeadImportResponse> ImportAsync(Actor actor, Stream file, string fileName, string? source, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director or a senior imports leads.");
        // The file is read more than once (its kind, then its rows): an upload's stream is copied to one that rewinds.
        await using var copy = file.CanSeek ? null : new MemoryStream();
        if (copy is not null)
        {
            await file.CopyToAsync(copy, ct);
            file = copy;
        }
        var rows = LeadImport.Read(Import.ImportFile.Open(file, fileName), string.IsNullOrWhiteSpace(source) ? null : source.Trim());
        var errors = new Dictionary<string, string[]>();
        var leads = new List<Lead>();
        foreach (var row in rows)
        {
            try
            {
                leads.Add(Read(row.Lead, LeadChannel.Import, null, null, Payload(row.Cells)));
            }
            catch (ValidationFailedException e)
            {
                foreach (var (field, messages) in e.Errors) errors[$"rows[{row.Number}].{field}"] = messages;
            }
        }
        if (errors.Count > 0)
            throw new ValidationFailedException(errors, $"{errors.Keys.Select(k => k[..k.IndexOf(']')]).Distinct().Count()} rows of the "
                + "file cannot be taken; nothing was imported.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LeadRouting.LockAsync(db, ct);
        foreach (var lead in leads)
        {
            lead.ReceivedAt = now;
            await AddAndRouteAsync(db, lead, ct);
            // Each lead is saved: what the next one needs is read again, so the tracker does not grow with the file.
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
        NotificationSignal.Raise(db.Notified);
        var ids = leads.Select(l => l.Id).ToList();
        return new LeadImportResponse(leads.Count, leads.Count(l => l.Status == LeadStatus.Assigned), ids);
    }

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A request as it is kept on the lead: JSON that reads as written (never put into a page unescaped).</summary>
    public static string Payload<T>(T value) => JsonSerializer.Serialize(value, PayloadJson);

    /// <summary>Where a lead would go now and why, without keeping anything: the rules' preview. The lead is routed in a
    /// transaction that is rolled back.</summary>
    public async Task<IReadOnlyList<RoutingDecisionResponse>> PreviewAsync(Actor actor, RoutingPreviewRequest r, CancellationToken ct)
    {
        actor.RequireDirector();
        var lead = new Lead
        {
            Channel = r.Channel ?? LeadChannel.Form, Source = string.IsNullOrWhiteSpace(r.Source) ? null : r.Source.Trim(),
            FormId = r.FormId,
            RegionId = r.RegionId, ProductId = r.ProductId, Status = LeadStatus.New, Name = "preview",
            ReceivedAt = clock.GetUtcNow().UtcDateTime, Payload = "{}",
        };
        await using var db = await factory.CreateDbContextAsync(ct);
        var v = new Validator();
        await LeadMatching.CheckReferencesAsync(db, v, lead.RegionId, lead.ProductId, lead.FormId, ct);
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LeadRouting.LockAsync(db, ct);
        db.Leads.Add(lead);
        await db.SaveChangesAsync(ct);
        await LeadRouting.RouteAsync(db, lead, null, lead.ReceivedAt, new HashSet<int>(), ct);
        await db.SaveChangesAsync(ct);
        var decisions = await RoutingOfAsync(db, lead.Id, ct);
        await tx.RollbackAsync(ct);
        return decisions;
    }

    /// <summary>A manual lead, entered by someone who sells.</summary>
    public Task<LeadResponse> CreateAsync(Actor actor, LeadRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        return IntakeAsync(r, LeadChannel.Manual, ct);
    }

    public async Task<Page<LeadResponse>> ListAsync(Actor actor, LeadQuery query, CancellationToken ct)
    {
        var v = new Validator();
        query.Validate(v);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = (await AccessScope.ForAsync(db, actor, ct)).Leads();
        if (query.Status is LeadStatus status) q = q.Where(l => l.Status == status);
        if (query.Waiting == true) q = q.Where(l => l.Status == LeadStatus.New || l.Status == LeadStatus.Assigned);
        if (query.Channel is LeadChannel channel) q = q.Where(l => l.Channel == channel);
        if (query.AssigneeId is int assignee) q = q.Where(l => l.AssigneeId == assignee);
        if (query.Mine == true) q = q.Where(l => l.AssigneeId == actor.UserId);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLowerInvariant();
            var phone = ContactNormalizer.Phone(query.Q);
            q = q.Where(l => (l.Name != null && l.Name.ToLower().Contains(text)) || (l.CompanyName != null && l.CompanyName.ToLower()
                .Contains(text)) || l.Email == text || (phone != null && l.PhoneE164 == phone) || l.Inn == text);
        }
        var total = await q.CountAsync(ct);
        var items = await ResponsesAsync(db, q.OrderByDescending(l => l.ReceivedAt).ThenByDescending(l => l.Id).Skip(query.Skip)
            .Take(query.Take), ct);
        return new Page<LeadResponse>(items, total);
    }

    public async Task<LeadResponse> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = (await AccessScope.ForAsync(db, actor, ct)).Leads().Where(l => l.Id == id);
        return (await ResponsesAsync(db, q, ct)).SingleOrDefault() ?? throw new NotFoundException("lead", id);
    }

    /// <summary>The decisions on a lead, oldest first, each with the candidates seen: "why this manager".</summary>
    public async Task<IReadOnlyList<RoutingDecisionResponse>> RoutingAsync(Actor actor, int id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await (await AccessScope.ForAsync(db, actor, ct)).Leads().AnyAsync(l => l.Id == id, ct))
            throw new NotFoundException("lead", id);
        return await RoutingOfAsync(db, id, ct);
    }

    private static async Task<List<RoutingDecisionResponse>> RoutingOfAsync(VoronkaDbContext db, int id, CancellationToken ct)
    {
        var rows = await db.RoutingDecisions.AsNoTracking().Where(d => d.LeadId == id).OrderBy(d => d.Id)
            .Select(d => new
            {
                d.Id, d.Kind, d.RuleId, Rule = db.RoutingRules.Where(r => r.Id == d.RuleId).Select(r => r.Name).FirstOrDefault(),
                d.Strategy,
                d.ChosenId, Chosen = db.Users.Where(u => u.Id == d.ChosenId).Select(u => u.FullName).FirstOrDefault(), d.Candidates, d.Note,
                d.At,
            }).ToListAsync(ct);
        return rows.Select(d => new RoutingDecisionResponse(d.Id, d.Kind, d.RuleId, d.Rule, d.Strategy, d.ChosenId, d.Chosen,
            JsonSerializer.Deserialize<List<CandidateScore>>(d.Candidates, LeadRouting.Json) ?? [], d.Note, d.At)).ToList();
    }

    /// <summary>Takes the lead into work (<see cref="AcceptLeadRequest"/>): by its assignee, or by the director or the
    /// team's senior for the assignee (for themselves when nobody has it).</summary>
    public async Task<LeadResponse> AcceptAsync(Actor actor, int id, AcceptLeadRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var lead = await FindAsync(scope, id, r.Version, ct);
        EnsureWaiting(lead, "taken");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = lead.AssigneeId == actor.UserId || lead.AssigneeId is null ? actor.UserId : lead.AssigneeId.Value;
        lead.DealId = await LeadDeals.OpenAsync(db, scope, lead, owner, actor, r, now, clock, ct);
        (lead.Status, lead.AcceptedAt, lead.AssigneeId, lead.DueAt) = (LeadStatus.Accepted, now, owner, null);
        lead.AssignedAt ??= now;
        lead.FirstTouchAt ??= now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await automations.RunForDealAsync(lead.DealId.Value, ct);
        return (await ResponsesAsync(db, db.Leads.Where(l => l.Id == id), ct)).Single();
    }

    public async Task<LeadResponse> RejectAsync(Actor actor, int id, RejectLeadRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        var v = new Validator();
        v.Check(r.Reason is not null, "reason", "is required: spam, duplicate, notOurClient or other.");
        v.MaxLength(r.Comment, "comment", 1000);
        v.ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(ct);
        var lead = await FindAsync(await AccessScope.ForAsync(db, actor, ct), id, r.Version, ct);
        EnsureWaiting(lead, "rejected");
        var now = clock.GetUtcNow().UtcDateTime;
        (lead.Status, lead.RejectReason, lead.RejectComment, lead.ClosedAt, lead.DueAt) = (LeadStatus.Rejected, r.Reason,
            r.Comment?.Trim(), now, null);
        lead.FirstTouchAt ??= now;
        await db.SaveChangesAsync(ct);
        return (await ResponsesAsync(db, db.Leads.Where(l => l.Id == id), ct)).Single();
    }

    public async Task<LeadResponse> MergeAsync(Actor actor, int id, MergeLeadRequest r, CancellationToken ct)
    {
        actor.RequireSeller();
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var lead = await FindAsync(scope, id, r.Version, ct);
        EnsureWaiting(lead, "merged");
        var into = r.IntoId is int intoId ? await scope.Leads().FirstOrDefaultAsync(l => l.Id == intoId, ct) : null;
        var v = new Validator();
        if (r.IntoId is null) v.Add("intoId", "is required: the lead to merge into.");
        else if (into is null) v.Add("intoId", "does not exist.");
        else if (into.Id == lead.Id) v.Add("intoId", "must be another lead.");
        else if (into.Status is LeadStatus.Merged or LeadStatus.Rejected) v.Add("intoId", "is closed: merge into a lead in work.");
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        LeadMatching.Absorb(into!, lead);
        (lead.Status, lead.MergedIntoId, lead.ClosedAt, lead.DueAt) = (LeadStatus.Merged, into!.Id, now, null);
        lead.FirstTouchAt ??= now;
        await db.Leads.Where(l => l.DuplicateOfId == lead.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.DuplicateOfId, into.Id), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await ResponsesAsync(db, db.Leads.Where(l => l.Id == id), ct)).Single();
    }

    /// <summary>Gives a waiting lead to a person by hand: the director to anyone who sells, a senior within the team.</summary>
    public async Task<LeadResponse> AssignAsync(Actor actor, int id, AssignLeadRequest r, CancellationToken ct)
    {
        if (!actor.IsDirector && !actor.IsSenior) throw new ForbiddenException("Only the director or a senior gives leads by hand.");
        await using var db = await factory.CreateDbContextAsync(ct);
        var scope = await AccessScope.ForAsync(db, actor, ct);
        var lead = await FindAsync(scope, id, r.Version, ct);
        if (r.UserId is not int userId || !await scope.Sellers().AnyAsync(u => u.Id == userId, ct))
            throw ValidationFailedException.For("userId", "is not an active seller you lead.");
        EnsureWaiting(lead, "given");
        var now = clock.GetUtcNow().UtcDateTime;
        (lead.Status, lead.AssigneeId, lead.AssignedAt, lead.Level) = (LeadStatus.Assigned, userId, now, 0);
        lead.Passes++;
        var minutes = LeadRouting.AcceptMinutesOf(lead.RuleId is int rule
            ? await db.RoutingRules.AsNoTracking().FirstOrDefaultAsync(x => x.Id == rule, ct) : null);
        lead.DueAt = await LeadRouting.DueAsync(db, userId, minutes, now, ct);
        if (userId != actor.UserId)
            await Notify.AddAsync(db, userId, NotificationKind.LeadAssigned, LeadRouting.Subject(lead), LeadRouting.Link(lead), now, ct);
        db.RoutingDecisions.Add(new RoutingDecision
        {
            Lead = lead, Kind = RoutingDecisionKind.Manual, ChosenId = userId, At = now, Note = $"given by {actor.UserId}",
        });
        await db.SaveChangesAsync(ct);
        NotificationSignal.Raise(db.Notified);
        return (await ResponsesAsync(db, db.Leads.Where(l => l.Id == id), ct)).Single();
    }

    private static async Task<Lead> FindAsync(AccessScope scope, int id, int? version, CancellationToken ct)
    {
        var lead = await scope.Leads().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException("lead", id);
        if (version is int v && v != lead.Version)
            throw new ConflictException("The lead was changed by someone else. Reload it and try again.");
        return lead;
    }

    /// <summary>Only a lead nobody has taken yet (new or given) can be taken, rejected, merged or given.</summary>
    private static void EnsureWaiting(Lead lead, string done)
    {
        if (lead.Status is not (LeadStatus.New or LeadStatus.Assigned))
            throw new ConflictException($"The lead is {lead.Status.ToString().ToLowerInvariant()}; only a waiting one can be {done}.");
    }

    private static Lead Read(LeadRequest r, LeadChannel channel, int? formId, string? remoteAddress, string? payload)
    {
        var v = new Validator();
        var phone = ContactNormalizer.Phone(r.Phone);
        var email = ContactNormalizer.Email(r.Email);
        var inn = Inn.Normalize(r.Inn);
        if (string.IsNullOrWhiteSpace(r.Phone) && string.IsNullOrWhiteSpace(r.Email))
            v.Add("phone", "a phone or an e-mail is required.");
        if (!string.IsNullOrWhiteSpace(r.Phone) && phone is null) v.Add("phone", "is not a phone number.");
        if (!string.IsNullOrWhiteSpace(r.Email) && email is null) v.Add("email", "is not an e-mail address.");
        if (inn is not null && !Inn.IsValid(inn)) v.Add("inn", "is not a valid INN (10 or 12 digits with their check digits).");
        v.MaxLength(r.Name, "name", 200).MaxLength(r.CompanyName, "companyName", 300).MaxLength(r.Message, "message", 5000)
            .MaxLength(r.Source, "source", 200).MaxLength(r.UtmSource, "utmSource", 200).MaxLength(r.UtmMedium, "utmMedium", 200)
            .MaxLength(r.UtmCampaign, "utmCampaign", 200).MaxLength(r.UtmContent, "utmContent", 200).MaxLength(r.UtmTerm, "utmTerm", 200)
            .MaxLength(r.Page, "page", 2000).MaxLength(r.Referrer, "referrer", 2000).MaxLength(r.Phone, "phone", 50);
        v.ThrowIfInvalid();
        static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return new Lead
        {
            Channel = channel, FormId = formId, Source = Clean(r.Source), Name = Clean(r.Name), CompanyName = Clean(r.CompanyName),
            Phone = Clean(r.Phone), PhoneE164 = phone, Email = email, Inn = inn, Message = Clean(r.Message), UtmSource = Clean(r.UtmSource),
            UtmMedium = Clean(r.UtmMedium), UtmCampaign = Clean(r.UtmCampaign), UtmContent = Clean(r.UtmContent),
            UtmTerm = Clean(r.UtmTerm), Page = Clean(r.Page), Referrer = Clean(r.Referrer), RegionId = r.RegionId, ProductId = r.ProductId,
            RemoteAddress = remoteAddress, Payload = payload ?? Payload(r), Status = LeadStatus.New,
        };
    }

    private static async Task CheckReferencesAsync(VoronkaDbContext db, Lead lead, CancellationToken ct)
    {
        var v = new Validator();
        await LeadMatching.CheckReferencesAsync(db, v, lead.RegionId, lead.ProductId, null, ct);
        v.ThrowIfInvalid();
    }

    private static async Task<List<LeadResponse>> ResponsesAsync(VoronkaDbContext db, IQueryable<Lead> q, CancellationToken ct) =>
        await q.AsNoTracking().Select(l => new LeadResponse(l.Id, l.Channel, l.Status, l.Source, l.FormId, l.Name, l.CompanyName, l.Phone,
            l.PhoneE164, l.Email, l.Inn, l.Message, l.UtmSource, l.UtmMedium, l.UtmCampaign, l.UtmContent, l.UtmTerm, l.Page, l.RegionId,
            l.ProductId, l.AssigneeId, db.Users.Where(u => u.Id == l.AssigneeId).Select(u => u.FullName).FirstOrDefault(), l.CoveringForId,
            db.Users.Where(u => u.Id == l.CoveringForId).Select(u => u.FullName).FirstOrDefault(), l.ContactId, l.CompanyId, l.DealId,
            l.DuplicateOfId, l.MergedIntoId, l.RejectReason, l.RejectComment, l.RuleId, l.Passes, l.ReceivedAt, l.AssignedAt, l.AcceptedAt,
            l.FirstTouchAt, l.DueAt, l.Level, l.ClosedAt, l.Version)).ToListAsync(ct);
}
